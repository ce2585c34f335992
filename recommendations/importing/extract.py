"""The candidate recommendations of a paper.

A candidate is a paragraph that asks the government to act: a numbered or otherwise marked
item whose opening reads as an ask (an imperative verb, "should", "suggest", 建议 ...), or,
inside a recommendations / conclusions part, an unmarked paragraph that makes such an ask.
Items that talk about the company itself, and numbered lists of facts, are left out. An item
that repeats an earlier one (an abstract listing what the body says again) comes back once:
the later, fuller copy.
"""

import re
from dataclasses import asdict, dataclass

from recommendations.importing.text import MARKER, lines_from_file, paragraphs

SECTION = re.compile(
    r"recommendation|suggestion|proposal|countermeasure|policy advice|way forward|conclusion|outlook|"
    r"建议|对策|措施|展望",
    re.IGNORECASE,
)
IMPERATIVE = re.compile(
    r"^(?:accelerate|actively|adopt|advance|align|allow|attract|boost|build|carry|continue|create|cultivate|deepen|"
    r"develop|drive|encourage|enhance|ensure|establish|expand|explore|facilitate|focus|formulate|foster|fully|further|"
    r"give|improve|increase|integrate|introduce|invest|jointly|launch|leverage|make|optimi[sz]e|open|promote|provide|"
    r"pursue|put|raise|reduce|reform|relax|set|simplify|speed|step|strengthen|streamline|support|take|upgrade|use|"
    r"utili[sz]e|work|to)\b",
    re.IGNORECASE,
)
ASK = re.compile(
    r"\b(?:should|suggest(?:s|ed)?|recommend(?:s|ed)?|propose[sd]?|we (?:would )?(?:like to|hope|encourage|urge|call)|"
    r"it is (?:necessary|important|essential|recommended|suggested|desirable)|need(?:s)? to|must|can consider|"
    r"could consider)\b|建议|应当|应该|推动|加快|加强|鼓励|支持|完善|建立|打造",
    re.IGNORECASE,
)
# Who the ask is for: the government side, in the papers' words.
GOVERNMENT = re.compile(
    r"\b(?:Chongqing|Chengdu|government|municipal|authorities|the (?:two )?cit(?:y|ies)|CCEC|economic circle|"
    r"local governments?|policy makers|the region)\b|重庆|成都|政府|双城|经济圈",
    re.IGNORECASE,
)
STRONG_ASK = re.compile(
    r"\b(?:should|suggest(?:s|ed)? that|recommend(?:s|ed)? that|propose[sd]? that|"
    r"we (?:would )?(?:like to|hope|encourage|urge)|"
    r"it is (?:necessary|essential|recommended|suggested|desirable) (?:for|to|that))\b|建议|应当|应该",
    re.IGNORECASE,
)
BULLET = re.compile(r"^[⚫•●▪■◆]")
SELF = re.compile(r"^(?:we will|our company|our group|the company has|we have|in \d{4},)", re.IGNORECASE)
WORDS = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]", re.IGNORECASE)


@dataclass
class Candidate:
    number: str
    title: str
    text: str
    page: int
    line: int
    last_line: int
    confidence: float
    parent: str | None = None
    # The paragraph as it stands in the source, shown beside the candidate for review.
    excerpt: str = ""

    def as_dict(self):
        return asdict(self)


def weighted_length(text):
    """Length with a Chinese character counting as two letters (it carries about a word)."""
    return len(text) + sum(1 for char in text if "\u4e00" <= char <= "\u9fff")


def marker_of(text):
    match = MARKER.match(text)
    return match.group("marker").strip() if match else ""


def level_of(number):
    """A rough depth for nesting: Part/一、/I. < 1. < 1.1/(1)/（一） < a)/(i)/First."""
    if not number:
        return None
    if re.match(r"Part|Suggestion|[一二三四五六七八九十]+、|[IVX]+\.", number):
        return 0
    if re.match(r"\d+(\.\d+){2,}", number):
        return 3
    if re.match(r"\d+\.\d+", number):
        return 2
    if re.match(r"\d+\s*[.．、)]", number):
        return 1
    if re.match(r"\(\d+\)|（\d+）|（[一二三四五六七八九十]+）", number):
        return 2
    return 3


def short_title(text, number):
    title = text[len(number) :] if number and text.startswith(number) else text
    title = title.lstrip("⚫•●▪■◆·-,;:：， ").strip()
    head, colon, _rest = title.partition(":")
    if colon and 8 <= len(head) <= 80:
        title = head
    else:
        title = re.split(r"(?<=[a-z0-9”\"）)])\.\s|。", title, maxsplit=1)[0]
    title = title.rstrip(" .。;；")
    if len(title) > 160:
        title = title[:157].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title[:1].upper() + title[1:]


def opening(text, number):
    """The first two sentences after the marker: where an item says what it asks."""
    body = text[len(number) :] if number and text.startswith(number) else text
    body = body.lstrip("⚫•●▪■◆·-,;:：， ")
    return " ".join(re.split(r"(?<=[.。!?！？])\s*", body)[:2])


def words(text):
    return set(WORDS.findall(text.lower()))


def similar(a, b):
    first, second = words(a), words(b)
    if not first or not second:
        return False
    return len(first & second) / min(len(first), len(second)) > 0.7


def extract(lines):
    """Candidates from a paper's lines (text.lines_from_text and friends)."""
    in_section = False
    candidates = []
    stack = []  # (level, number) of the open numbered items, for parents
    for paragraph in paragraphs(lines):
        text = paragraph.text
        number = marker_of(text)
        if paragraph.heading and not number:
            if SECTION.search(text):
                in_section = True
                continue
            if IMPERATIVE.match(text) and len(text) >= 30 and len(text.split()) >= 4:
                # A headed item ("Accelerate digital talent cultivation ..."): the heading is its title.
                candidates.append(
                    Candidate(
                        number="",
                        title=short_title(text, ""),
                        text=text,
                        page=paragraph.page,
                        line=paragraph.first_line,
                        last_line=paragraph.last_line,
                        confidence=0.6,
                        excerpt=text,
                    )
                )
            continue
        if number and level_of(number) is not None and level_of(number) <= 1 and SECTION.search(text[:120]):
            in_section = True
        start = opening(text, number)
        # An item asks when it opens with an imperative, says "should / we suggest ...", or
        # uses a softer ask word about the government; bullets outside a recommendations part
        # must name the government (papers also list advice to firms and facts as bullets).
        asks = bool(
            IMPERATIVE.match(start) or STRONG_ASK.search(start) or (ASK.search(start) and GOVERNMENT.search(start))
        )
        if number and BULLET.match(number) and not in_section and not GOVERNMENT.search(start):
            asks = False
        if SELF.match(start):
            asks = False
        if number:
            level = level_of(number)
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            stack.append((level, number))
            if not (asks or (in_section and not SELF.match(start))) or weighted_length(text) < 16:
                continue
            confidence = 0.9 if in_section else 0.7
        else:
            prose_ask = (in_section and ASK.search(text)) or (
                STRONG_ASK.search(text) and GOVERNMENT.search(text) and not SELF.match(start)
            )
            if not prose_ask or paragraph.heading or len(text) < 80:
                continue
            parent, confidence = None, 0.5
        candidates.append(
            Candidate(
                number=number,
                title=short_title(text, number),
                text=text,
                page=paragraph.page,
                line=paragraph.first_line,
                last_line=paragraph.last_line,
                confidence=confidence,
                parent=parent if parent and any(c.number == parent for c in candidates) else None,
                excerpt=text,
            )
        )
    return without_repeats(candidates)


def without_repeats(candidates):
    """Keep one of two candidates that say the same (the later one: the body, not the abstract)."""
    kept = []
    for candidate in candidates:
        kept = [earlier for earlier in kept if not similar(earlier.title, candidate.title) or earlier.number]
        kept.append(candidate)
    return kept


AUTHOR = re.compile(r"^(?:By\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\s*$")


def paper_details(lines):
    """The paper's title, authors and company where the text shows them (or empty strings)."""
    content = [line.text.strip() for line in lines if line.text.strip()][:12]
    title = content[0] if content and len(content[0]) < 200 and not content[0].endswith(".") else ""
    authors = next((AUTHOR.match(text).group(1) for text in content[1:6] if AUTHOR.match(text)), "")
    headers = [
        line.text.strip()
        for index, line in enumerate(lines[:-2])
        if line.text.strip().isupper()
        and len(line.text.strip()) < 40
        and re.match(r"^\s*-\s*\d+\s*-\s*$", lines[index + 2].text if index + 2 < len(lines) else "")
    ]
    company = headers[0].title() if headers else ""
    return {"title": title, "authors": authors, "company": company}


def extract_file(path):
    """Candidates of a paper file (see text.lines_from_file for the kinds accepted)."""
    return extract(lines_from_file(path))
