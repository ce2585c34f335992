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

from imports.reading.text import MARKER, lines_from_file, paragraphs, split_enumerations
from imports.reading.vocabulary import (
    ASK,
    BULLET,
    DATED,
    FUNCTION_WORDS,
    GOVERNMENT,
    GOVERNMENT_CAN,
    QUESTION,
    SECTION,
    SELF,
    STOPWORDS,
    STRONG_ASK,
    WORDS,
    is_action_heading,
    is_imperative,
)


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
    if re.match(r"[✓√▪■◆]", number):
        return 4  # check marks and small squares nest under round bullets
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
    body = body.lstrip("⚫•●▪■◆✓√·-,;:：， ")
    # "⚫ First, build ..." : the sequence word after a bullet is part of the marker.
    body = re.sub(r"^(?:first|second|third|fourth|fifth|finally|lastly)(?:ly)?\s*,\s*", "", body, flags=re.IGNORECASE)
    return " ".join(re.split(r"(?<=[.。!?！？])\s*", body)[:2])


def words(text):
    return set(WORDS.findall(text.lower())) - STOPWORDS


def similar(a, b):
    """Two titles say the same: most of the shorter one's content words are in the other."""
    first, second = words(a), words(b)
    if min(len(first), len(second)) < 4:
        return False
    return len(first & second) / min(len(first), len(second)) > 0.75


def first_sentence_of(text):
    return re.split(r"(?<=[.。!?！？])\s", text, maxsplit=1)[0]


def body_after(all_paragraphs, index, limit=3):
    """The text of the unmarked paragraphs after paragraph `index`, up to the next item or heading."""
    body = []
    for paragraph in all_paragraphs[index + 1 : index + 1 + limit]:
        if paragraph.heading or marker_of(paragraph.text):
            break
        body.append(paragraph.text)
    return " ".join(body)


def asks_government(text):
    return bool(
        STRONG_ASK.search(text) or GOVERNMENT_CAN.search(text) or (ASK.search(text) and GOVERNMENT.search(text))
    )


def extract(lines):
    """Candidates from a paper's lines (text.lines_from_text and friends)."""
    in_section = False
    candidates = []
    stack = []  # (level, number, accepted) of the open numbered items, for parents and siblings
    headed_item = False  # the last heading was accepted as an item: its numbered points are sub-points
    all_paragraphs = [piece for paragraph in paragraphs(lines) for piece in split_enumerations(paragraph)]
    first = all_paragraphs[0] if all_paragraphs else None
    for index, paragraph in enumerate(all_paragraphs):
        following = body_after(all_paragraphs, index)
        if paragraph is first:
            continue  # the paper's title (or its opening line): neither an item nor a part heading
        text = paragraph.text
        number = marker_of(text)
        if paragraph.heading and not number:
            headed_item = False
            if SECTION.search(text):
                in_section = True
                continue
            if (
                (is_imperative(text) or (is_action_heading(text) and (in_section or asks_government(following))))
                and len(text) >= 30
                and len(text.split()) >= 4
                and text.split()[-1].lower() not in FUNCTION_WORDS  # a cut-off label, not a heading
            ):
                # A headed item ("Accelerate digital talent cultivation ..."): the heading is its title.
                headed_item = True
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
        if number and paragraph.heading and SECTION.search(text[len(number) :]):
            in_section = True  # a numbered "Recommendations" heading opens the part, it is no item
            continue
        start = opening(text, number)
        if paragraph.heading and QUESTION.search(start):
            continue  # a question heading ("What should be optimized?")
        # An item asks when it opens with an imperative, says "should / we suggest ...", or
        # uses a softer ask word about the government; bullets outside a recommendations part
        # must name the government (papers also list advice to firms and facts as bullets).
        asks = bool(
            is_imperative(start)
            or STRONG_ASK.search(start)
            or GOVERNMENT_CAN.search(start)
            or (ASK.search(start) and GOVERNMENT.search(start))
            or (is_action_heading(start) and (in_section or asks_government(following)))
        )
        if number.startswith("Part") or DATED.match(start):
            asks = False  # a part of the paper, or a dated fact
        if number and BULLET.match(number) and not in_section and not GOVERNMENT.search(start):
            asks = False  # (a bullet under an accepted recommendation still counts: see below)
        if SELF.match(start):
            asks = False
        if number:
            level = level_of(number)
            # Items of one list are alike: a short item after an accepted sibling is one too.
            sibling_accepted = bool(stack) and stack[-1][0] == level and stack[-1][2]
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            if (
                sibling_accepted
                and len(first_sentence_of(start)) < 160
                and not DATED.match(start)
                and not SELF.match(start)
            ):
                asks = True
            # A marked item under an accepted recommendation is one of its sub-points.
            # Facts listed under it ("a) On August 3, 2021, ...") are not; nor are questions.
            under_candidate = (
                ((bool(parent) and any(c.number == parent for c in candidates)) or (not parent and headed_item))
                and len(first_sentence_of(start)) < 160
                and not DATED.match(start)
            )
            accepted = (asks or under_candidate) and weighted_length(text) >= 16
            stack.append((level, number, accepted))
            if not accepted:
                continue
            confidence = 0.9 if in_section else 0.7
        else:
            prose_ask = (in_section and ASK.search(text)) or (
                (STRONG_ASK.search(text) or GOVERNMENT_CAN.search(text))
                and GOVERNMENT.search(text)
                and not SELF.match(start)
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
