"""The paper's title, authors and company, from its bylines and headers in either language."""

import re

from imports.reading.numbering import marker_of
from imports.reading.text import paragraphs

AUTHOR = re.compile(r"^(?:By\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\s*$")
BYLINE = re.compile(
    r"^(?:by|authors?|written by|prepared by|submitted by|contributors?|"
    r"撰文|作者|执笔|執筆|撰稿|提案人|建议人|建議人|提交人|起草人)\s*[:：]?\s*(?P<names>.*)$",
    re.IGNORECASE,
)
COMPANY_LABEL = re.compile(
    r"^(?:company|organi[sz]ation|member|单位|單位|公司|提案单位|提案單位|企业|企業)\s*[:：]\s*(.+)$", re.I
)
COMPANY_WORDS = re.compile(
    r"\b(?:Inc|Incorporated|Ltd|Limited|Co|Corp|Corporation|Group|GmbH|AG|plc|S\.A|LLC|Holdings)\b\.?|"
    r"有限公司|有限責任公司|集团|集團|股份公司|株式会社"
)
DATE_LINE = re.compile(r"^(?:\d{4}[-/年.]\s*\d{1,2}|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}$|date\b|日期)", re.I)


def paper_details(lines):
    """The paper's title, authors and company from its bylines and headers, in either language
    (By / Author / Prepared by, 撰文 / 作者 / 提案人 / 建议人, "Company:" / 单位：, a company's name
    in the first lines or in the running header), or empty strings."""
    content = [line.text.strip() for line in lines if line.text.strip()][:15]
    authors, company = "", ""
    for text in content:
        byline = BYLINE.match(text)
        if byline and byline.group("names").strip() and not authors:
            names = [part.strip() for part in re.split(r"[,，;；、]| and ", byline.group("names")) if part.strip()]
            people = [name for name in names if not COMPANY_WORDS.search(name)]
            company = company or next((name for name in names if COMPANY_WORDS.search(name)), "")
            authors = ", ".join(people)
        labelled = COMPANY_LABEL.match(text)
        if labelled and not company:
            company = labelled.group(1).strip()
    if not authors:
        authors = next((AUTHOR.match(text).group(1) for text in content[1:6] if AUTHOR.match(text)), "")
    headers = [
        line.text.strip()
        for index, line in enumerate(lines[:-2])
        if line.text.strip().isupper()
        and len(line.text.strip()) < 40
        and re.match(r"^\s*-\s*\d+\s*-\s*$", lines[index + 2].text if index + 2 < len(lines) else "")
    ]
    if not company and headers:
        company = headers[0].title()
    if not company:
        company = next((text for text in content[:8] if COMPANY_WORDS.search(text) and len(text) < 80), "")
    opening = [paragraph for paragraph in paragraphs(lines)[:8] if paragraph.heading]
    title = next((paragraph.text for paragraph in opening if is_title(paragraph.text, company)), "")
    return {"title": title, "authors": authors, "company": company}


GENERIC_HEADING = re.compile(
    r"^(?:introduction|abstract|summary|executive summary|foreword|preface|contents|background|overview|"
    r"chapter|part|section|引言|摘要|前言|目录|目錄|背景|概述|第[一二三四五六七八九十]+[章部分节])\b",
    re.IGNORECASE,
)


def is_title(text, company):
    return (
        len(text) < 200
        and not marker_of(text)
        and not GENERIC_HEADING.match(text)
        and not text.endswith((".", ":", "：", "。"))
        and not BYLINE.match(text)
        and not COMPANY_LABEL.match(text)
        and not DATE_LINE.match(text)
        and not AUTHOR.match(text)
        and text != company
        and not re.match(r"^\s*-\s*\d+\s*-\s*$", text)
    )
