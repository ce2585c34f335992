"""Build the demo data set from the seed papers (run by hand, not at run time).

    python scripts/build_demo_data.py [SEED_DIR]

SEED_DIR defaults to ../shared/seed. It writes demo/demo_data/meeting16.json and a
copy of each paper's text into imports/reading/evaluation/papers/ (the extractor's evaluation
set), which `load_demo` reads too.
The seed's hand-made reading gives each recommendation its number, heading and lines; this
script takes each item's full text from those lines of the paper, skips the abstract copies
(`same_as`), links sub-points to their parent, maps the reader's policy area to a topic and a
lead department, and adds made-up sample responses and progress updates to part of them,
chosen deterministically so that rebuilding gives the same file.
"""

import hashlib
import json
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

from demo_tables import COMPANIES, DEPARTMENTS, MEETING, TOPICS  # scripts/ is on the path when run

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "demo" / "demo_data"
# Hand-written, kept apart from what this script generates so that a rebuild never loses them:
# per paper, its titles and, per recommendation (keyed by its first line in the paper), a clean
# English title and the unofficial Chinese title and text (a summary for long texts).
TRANSLATIONS = OUT / "translations"
PAPERS_OUT = ROOT / "imports" / "reading" / "evaluation" / "papers"


UNASSIGNED_PAPERS = {22, 23}

PAGE_NUMBER = re.compile(r"^\s*-\s*\d+\s*-\s*$")
NUMBER_PREFIX = re.compile(
    r"^\s*(?:\(?[0-9ivxIVX]+(?:\.[0-9]+)*[.)．]?\)?(?![A-Za-z])|Part [IVX]+|Suggestion \d+:?|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\s*[-–:]?\s*"
)


def is_running_header(line):
    stripped = line.strip()
    return bool(stripped) and len(stripped) < 40 and stripped == stripped.upper() and any(c.isalpha() for c in stripped)


def clean_lines(lines):
    """The text of a span of paper lines as one paragraph: no blank lines, headers or page numbers."""
    kept = [line.rstrip() for line in lines if line.strip()]
    out = []
    for index, line in enumerate(kept):
        if PAGE_NUMBER.match(line):
            continue
        if is_running_header(line) and index + 1 < len(kept) and PAGE_NUMBER.match(kept[index + 1]):
            continue
        out.append(line.strip())
    text = ""
    for line in out:
        if not text:
            text = line
        elif text.endswith("-"):
            text += line  # a real compound split over two lines: keep the hyphen
        else:
            text += " " + line
    return re.sub(r"\s+", " ", text).strip()


def short_title(heading, number):
    title = heading.strip()
    if number and title.startswith(number):
        title = title[len(number) :]
    else:
        title = NUMBER_PREFIX.sub("", title, count=1)
    title = title.lstrip("⚫•●▪·-,;: ").strip(" -–:.")
    # A heading that runs into its explanation ("Leverage technology: Technology has ...") or
    # into a second sentence keeps only its first part.
    head, colon, _rest = title.partition(":")
    if colon and 8 <= len(head) <= 80:
        title = head
    else:
        title = re.split(r"(?<=[a-z0-9”\"])\. ", title, maxsplit=1)[0]
    if len(title) > 160:
        cut = title[:157].rsplit(" ", 1)[0]
        title = cut.rstrip(",;:") + "…"
    return title[:1].upper() + title[1:]


def topic_for(policy_area):
    area = (policy_area or "").lower() + " "
    for slug, _en, _zh, words in TOPICS:
        if any(word in area for word in words):
            return slug
    return "industrial-system"


def lead_for(topic):
    for slug, *_names, topics in DEPARTMENTS:
        if topic in topics:
            return slug
    return "econ"


def pick(reference, salt, modulo):
    """A stable pseudo-random number in [0, modulo) for a recommendation."""
    digest = hashlib.sha256(f"{reference}:{salt}".encode()).hexdigest()
    return int(digest[:8], 16) % modulo


SAMPLE_MARK_EN = "[Sample data] "
SAMPLE_MARK_ZH = "【示例数据】"
STANCE_TEXT = {
    "accepted": (
        "The recommendation is accepted. The department will work it into this year's work plan together with the supporting departments and report progress to the company.",
        "采纳该建议。我单位将会同协办单位将其纳入年度工作计划，并向企业通报进展。",
    ),
    "partially_accepted": (
        "The recommendation is partially accepted: the parts within the municipality's powers will be taken forward; the rest has been passed to the competent national authorities.",
        "部分采纳该建议：属于市级事权的内容将予推进，其余内容已向国家有关部门反映。",
    ),
    "under_study": (
        "The recommendation is under study. The department is consulting the districts concerned and will answer with a plan.",
        "该建议正在研究中。我单位正在征求相关区县意见，研究后将提出方案。",
    ),
    "noted": (
        "The recommendation is noted and will be taken into account when the relevant plans are revised.",
        "该建议留作参考，将在修订相关规划时统筹考虑。",
    ),
    "not_adopted": (
        "The recommendation is not adopted for now: the matter is governed by national policy.",
        "该建议暂不采纳：相关事项由国家政策统一规定。",
    ),
}
STANCES = [
    "accepted",
    "accepted",
    "accepted",
    "partially_accepted",
    "partially_accepted",
    "under_study",
    "noted",
    "not_adopted",
]
UPDATE_NOTES = [
    (
        "Work plan agreed with the supporting departments; a task list with owners and dates is in place.",
        "已与协办单位商定工作方案，明确任务清单、责任人和时间节点。",
        "in_progress",
        20,
    ),
    (
        "First measures issued; pilot projects started in two districts.",
        "首批措施已印发，两个区县启动试点。",
        "in_progress",
        45,
    ),
    (
        "Pilot evaluated; the measures are being extended city-wide.",
        "试点评估完成，相关措施正在全市推广。",
        "partially_implemented",
        70,
    ),
    (
        "Measures in force across the city; the department considers the recommendation implemented.",
        "相关措施已在全市施行，我单位认为该建议已落实。",
        "implemented",
        100,
    ),
]


def sample_response(reference, meeting_date):
    roll = pick(reference, "response", 10)
    if roll >= 7:
        return None  # about a third have no response yet
    stance = STANCES[pick(reference, "stance", len(STANCES))]
    state = "published" if roll < 5 else ("awaiting_signoff" if roll == 5 else "draft")
    text_en, text_zh = STANCE_TEXT[stance]
    published = meeting_date + timedelta(days=30 + pick(reference, "days", 60))
    return {
        "stance": stance,
        "state": state,
        "text_en": SAMPLE_MARK_EN + text_en,
        "text_zh_hans": SAMPLE_MARK_ZH + text_zh,
        "published_on": published.isoformat() if state == "published" else None,
        "target_date": (meeting_date + timedelta(days=365 * (1 + pick(reference, "target", 3)))).isoformat(),
    }


def sample_updates(reference, response):
    if not response or response["state"] != "published" or response["stance"] not in {"accepted", "partially_accepted"}:
        return []
    count = pick(reference, "updates", len(UPDATE_NOTES) + 1)
    start = date.fromisoformat(response["published_on"])
    updates = []
    for step in range(count):
        note_en, note_zh, status, progress = UPDATE_NOTES[step]
        updates.append(
            {
                "date": (start + timedelta(days=120 * (step + 1))).isoformat(),
                "status": status,
                "progress": progress,
                "note_en": SAMPLE_MARK_EN + note_en,
                "note_zh_hans": SAMPLE_MARK_ZH + note_zh,
                "visibility": "shared" if pick(reference, f"visible{step}", 3) else "internal",
            }
        )
    return updates


def translations_of(paper_file):
    path = TRANSLATIONS / f"{Path(paper_file).stem}.json"
    if not path.exists():
        return {"paper": {}, "recommendations": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def translated(item, hand):
    """The item with its hand-written titles and Chinese text, where they exist."""
    # Keyed by the first line; "first:last" where two items of a paper start on the same line.
    by_line = hand["recommendations"]
    written = by_line.get(f"{item['line_start']}:{item['line_end']}") or by_line.get(str(item["line_start"]))
    if not written:
        return {**item, "title_zh_hans": "", "text_zh_hans": "", "translation": ""}
    return {
        **item,
        "title_en": written["title_en"],
        "title_zh_hans": written["title_zh_hans"],
        "text_zh_hans": written["text_zh_hans"],
        "translation": "summary" if written.get("summary") else "unofficial",
    }


def build(seed_dir):
    seed = json.loads((seed_dir / "papers.json").read_text(encoding="utf-8"))
    meeting_date = date.fromisoformat(MEETING["date"])
    PAPERS_OUT.mkdir(parents=True, exist_ok=True)
    papers = []
    for paper in seed["papers"]:
        source = seed_dir / paper["file"]
        position = int(source.name.split("-", 1)[0])
        shutil.copyfile(source, PAPERS_OUT / source.name)
        lines = source.read_text(encoding="utf-8").splitlines()
        company = COMPANIES[paper["company"]][0] if paper["company"] else None
        hand = translations_of(paper["file"])
        items = []
        for label in paper["recommendations"]:
            if label.get("same_as") is not None:
                continue  # the abstract's copy of a body recommendation: load it once
            parent_index = None
            if label["parent"]:
                # The seed names a parent by its printed number, or by its heading when unnumbered.
                matches = [i for i, item in enumerate(items) if item["number"] == label["parent"]] or [
                    i
                    for i, item in enumerate(items)
                    if not item["number"] and item["heading"].startswith(label["parent"])
                ]
                if not matches:
                    raise SystemExit(f"{paper['file']}: no parent {label['parent']!r} before {label['number']!r}")
                parent_index = matches[-1]
            topic = topic_for(label["policy_area"])
            reference = f"{MEETING['number']}-{position:02d}-{len(items) + 1:02d}"
            response = None if position in UNASSIGNED_PAPERS else sample_response(reference, meeting_date)
            items.append(
                {
                    "number": label["number"] or "",
                    "heading": label["heading"],
                    "title_en": short_title(label["heading"], label["number"]),
                    "text_en": clean_lines(lines[label["line_start"] - 1 : label["line_end"]]),
                    "parent": parent_index,
                    "line_start": label["line_start"],
                    "line_end": label["line_end"],
                    "topics": [topic],
                    "lead_department": None if position in UNASSIGNED_PAPERS else lead_for(topic),
                    "sample_response": response,
                    "sample_updates": sample_updates(reference, response),
                }
            )
        papers.append(
            {
                "position": position,
                "file": source.name,
                "company": company,
                # A paper that prints no title gets a descriptive one, written by hand.
                "title_en": hand["paper"].get("title_en") or paper["title"] or "",
                "title_zh_hans": hand["paper"].get("title_zh_hans", ""),
                "authors": ", ".join(paper["authors"]),
                "recommendations": [translated(item, hand) for item in items],
            }
        )
    companies_zh = json.loads((TRANSLATIONS / "companies.json").read_text(encoding="utf-8"))
    data = {
        "meeting": MEETING,
        "companies": [
            {
                "name_en": name,
                "slug": slug,
                "name_zh_hans": zh,
                "country_en": country,
                "country_zh_hans": companies_zh["countries"].get(country, ""),
            }
            for name, (slug, zh, country) in COMPANIES.items()
        ],
        "sectors": {COMPANIES[p["company"]][0]: p["sector"] for p in seed["papers"] if p["company"]},
        "sectors_zh_hans": companies_zh["sectors"],
        "topics": [{"slug": slug, "name_en": en, "name_zh_hans": zh} for slug, en, zh, _w in TOPICS],
        "departments": [
            {"slug": slug, "name_en": en, "name_zh_hans": zh, "short_name_en": short_en, "short_name_zh_hans": short_zh}
            for slug, en, zh, short_en, short_zh, _t in DEPARTMENTS
        ],
        "papers": papers,
    }
    (OUT / "meeting16.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    total = sum(len(p["recommendations"]) for p in papers)
    missing = sum(1 for p in papers for item in p["recommendations"] if not item["text_zh_hans"])
    print(
        f"{len(papers)} papers, {total} recommendations ({missing} without a Chinese text) -> {OUT / 'meeting16.json'}"
    )


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seed")
