"""The candidate recommendations of a paper.

The rules propose: every marked item, every headed item in the imperative or nominal style,
every item of a list a lead-in announces ("we suggest the following:", 建议如下：), and every
prose paragraph that asks. Each proposal carries the rules' verdict and the features it was
judged on (vocabulary.py, numbering.py). A list is judged as a list: an item after an accepted
sibling is one too, and a list most of whose items ask has all its items proposed (the sibling
rescue in both directions). The learned scorer (scorer.py, trained by `train_extractor`) then
ranks the proposals and keeps those over its threshold; without a model the rules' verdict
stands. Items that talk about the company itself, dated facts and questions are left out. An
item that repeats an earlier one (an abstract listing what the body says again) comes back once:
the later, fuller copy.
"""

import re
from dataclasses import asdict, dataclass, field

from imports.reading import scorer
from imports.reading.numbering import is_bullet, level_of, marker_of
from imports.reading.text import layout, lines_from_file, paragraphs, split_enumerations
from imports.reading.vocabulary import (
    ASK,
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
    fold,
    is_action_heading,
    is_imperative,
    is_lead_in,
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


def short_title(text, number):
    title = text[len(number) :] if number and text.startswith(number) else text
    title = title.lstrip("⚫•●▪■◆✓√·-–*,;:：， ").strip()
    head, colon, _rest = re.split(r"(:|：)", title, maxsplit=1) if re.search(r"[:：]", title) else (title, "", "")
    if colon and 2 <= len(head) <= 80 and not re.search(r"[.。;；]", head):
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
    body = body.lstrip("⚫•●▪■◆✓√·-–*,;:：， ")
    # "⚫ First, build ..." : the sequence word after a bullet is part of the marker.
    body = re.sub(r"^(?:first|second|third|fourth|fifth|finally|lastly)(?:ly)?\s*,\s*", "", body, flags=re.IGNORECASE)
    # "Customs: open a fast lane ...": a short title before a colon; the ask is what follows.
    body = re.sub(r"^(?:[^\s:：.。]+\s){0,4}[^\s:：.。]+\s*[:：]\s*(?=\S)", "", body)
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
    text = fold(text)
    return bool(
        STRONG_ASK.search(text) or GOVERNMENT_CAN.search(text) or (ASK.search(text) and GOVERNMENT.search(text))
    )


def has_cjk(text):
    return bool(re.search(r"[\u4e00-\u9fff]", text))


@dataclass
class Proposal:
    """A paragraph the rules put forward, with their verdict and what they judged it on."""

    candidate: "Candidate"
    kind: str  # item (marked), headed, scoped (in a lead-in's list), prose
    rule: bool
    excluded: bool = False  # the company's own news, a dated fact, a question: never rescued
    parent: str | None = None  # the number of the open item above it
    list_id: int | None = None
    features: dict = field(default_factory=dict)


def clues(text, start):
    """What the vocabulary says of an item's opening and of its whole text (folded script)."""
    start, text = fold(start), fold(text)
    return {
        "imperative": is_imperative(start),
        "strong_start": bool(STRONG_ASK.search(start)),
        "ask_start": bool(ASK.search(start)),
        "gov_start": bool(GOVERNMENT.search(start)),
        "gov_can": bool(GOVERNMENT_CAN.search(start)),
        "strong_text": bool(STRONG_ASK.search(text)),
        "gov_text": bool(GOVERNMENT.search(text)),
        "action": is_action_heading(start),
        "self": bool(SELF.match(start)),
        "dated": bool(DATED.match(start)),
        "question": bool(QUESTION.search(start)),
    }


def propose(lines):
    """Every proposal of a paper, in order (see the module's docstring)."""
    shape = layout(lines)
    in_section = False
    scope = None  # a lead-in's list: {"level": level of its first item, "items": count}
    proposals = []
    stack = []  # (level, number, accepted, list_id, Word list) of the open numbered items
    lists = 0
    headed_item = False  # the last heading was accepted as an item: its numbered points are sub-points
    all_paragraphs = [piece for paragraph in paragraphs(lines) for piece in split_enumerations(paragraph)]
    for index, paragraph in enumerate(all_paragraphs):
        text = paragraph.text
        number = marker_of(text)
        folded = fold(text)
        if not number and is_lead_in(folded):
            scope = {"level": None, "items": 0}  # announces asks: opens their list, is none itself
            in_section = in_section or bool(paragraph.heading and SECTION.search(folded))
            continue
        if index == 0:
            continue  # the paper's title (or its opening line): neither an item nor a part heading
        following = body_after(all_paragraphs, index)
        start = opening(text, number)
        found = clues(text, start)
        if scope is not None and (
            (paragraph.heading and not number and scope["items"])
            or (number and scope["level"] is not None and level_of(number) < scope["level"])
            or (not number and scope["items"] and (shape == "wrapped" or not found["ask_start"]))
        ):
            scope = None
        in_scope = scope is not None
        common = {
            "in_section": in_section,
            "in_scope": in_scope,
            "heading": paragraph.heading,
            "layout": shape,
            "position": index / len(all_paragraphs),
            "inline": paragraph.inline,
        }
        if paragraph.heading and not number and not in_scope:
            headed_item = False
            # A heading closes the lists above it (what follows starts anew), not the part it is in.
            stack[:] = [entry for entry in stack if entry[0] == 0]
            if SECTION.search(folded):
                in_section = True
                continue
            long_enough = (
                weighted_length(text) >= 16
                if has_cjk(text)
                else (len(text) >= 30 and len(text.split()) >= 4 and text.split()[-1].lower() not in FUNCTION_WORDS)
            )
            if (found["imperative"] or found["action"]) and long_enough:
                # A headed item ("Accelerate digital talent cultivation ..."): the heading is its title.
                rule = found["imperative"] or in_section or asks_government(following)
                headed_item = rule
                proposals.append(make(paragraph, "", "headed", rule, None, None, {**found, **common}, confidence=0.6))
            continue
        if number and paragraph.heading and SECTION.search(fold(text[len(number) :])):
            in_section = True  # a numbered "Recommendations" heading opens the part, it is no item
            continue
        if paragraph.heading and found["question"]:
            continue  # a question heading ("What should be optimized?")
        excluded = found["self"] or found["dated"] or found["question"] or number.startswith("Part")
        if number:
            # An item asks when it opens with an imperative, says "should / we suggest ...", or
            # uses a softer ask word about the government; bullets outside a recommendations part
            # must name the government (papers also list advice to firms and facts as bullets).
            asks = bool(
                found["imperative"]
                or found["strong_start"]
                or found["gov_can"]
                or (found["ask_start"] and found["gov_start"])
                or (found["action"] and (in_section or asks_government(following)))
                or in_scope
            )
            if (is_bullet(number) or paragraph.inline) and not in_section and not in_scope and not found["gov_start"]:
                # (a bullet under an accepted recommendation still counts: see below)
                asks = bool(paragraph.inline and found["strong_start"])
            level = level_of(number)
            if scope is not None and scope["level"] is None:
                scope["level"] = level
            if scope is not None:
                scope["items"] += 1
            # Items of one list are alike: a short item after an accepted sibling is one too.
            word = paragraph.lines[0].word_list
            if word:
                # Word says which list an item is in and at which level: items of another list
                # are not its parents or siblings.
                level = paragraph.lines[0].word_level
                while stack and stack[-1][4] != word:
                    stack.pop()
            sibling = stack[-1] if stack and stack[-1][0] == level else None
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            short = len(first_sentence_of(start)) < 160
            own = asks and not excluded
            if sibling and sibling[2] and short:
                asks = True
            # A marked item under an accepted recommendation is one of its sub-points.
            # Facts listed under it ("a) On August 3, 2021, ...") are not; nor are questions.
            under = ((bool(stack) and stack[-1][2]) or (not parent and headed_item)) and short
            list_id = sibling[3] if sibling else (lists := lists + 1)
            rule = (asks or under) and not excluded and weighted_length(text) >= 16
            stack.append((level, number, rule, list_id, word))
            if weighted_length(text) < 12:
                continue
            features = {**found, **common, "sibling": bool(sibling and sibling[2]), "under": under, "own": own}
            confidence = 0.9 if in_section or in_scope else 0.7
            proposals.append(make(paragraph, number, "item", rule, parent, list_id, features, confidence, excluded))
            continue
        if in_scope and shape != "wrapped" and (found["ask_start"] or found["imperative"]):
            scope["items"] += 1
            proposals.append(
                make(paragraph, "", "scoped", not excluded, None, None, {**found, **common}, 0.8, excluded)
            )
            continue
        prose = (in_section and ASK.search(folded)) or (
            (found["strong_text"] or GOVERNMENT_CAN.search(folded)) and found["gov_text"]
        )
        if not (prose or found["strong_text"]) or paragraph.heading or weighted_length(text) < 40:
            continue
        rule = bool(prose) and not excluded and weighted_length(text) >= 80
        proposals.append(make(paragraph, "", "prose", rule, None, None, {**found, **common}, 0.5, excluded))
    rescue_lists(proposals)
    return proposals


def make(paragraph, number, kind, rule, parent, list_id, features, confidence, excluded=False):
    text = paragraph.text
    candidate = Candidate(
        number=number,
        title=short_title(text, number),
        text=text,
        page=paragraph.page,
        line=paragraph.first_line,
        last_line=paragraph.last_line,
        confidence=confidence,
        excerpt=text,
    )
    features = {**features, "weighted_length": weighted_length(text), "number": number}
    return Proposal(candidate, kind, bool(rule), bool(excluded), parent, list_id, features)


def rescue_lists(proposals):
    """A list most of whose items ask by themselves is a list of asks: its other items are too
    (the forward rescue in `propose` only reaches items after an accepted sibling)."""
    lists = {}
    for proposal in proposals:
        if proposal.list_id is not None:
            lists.setdefault(proposal.list_id, []).append(proposal)
    for items in lists.values():
        share = sum(item.features["own"] for item in items) / len(items)
        for item in items:
            item.features["list_share"] = share
            item.features["list_size"] = len(items)
            clues = ("imperative", "ask_start", "action", "gov_can", "in_scope", "in_section")
            signal = any(item.features[clue] for clue in clues)
            if len(items) >= 2 and share >= 0.5 and not item.excluded and signal:
                item.rule = True  # (a statement of fact in the list, with no ask word, is not)


def extract(lines, model=scorer.DEFAULT):
    """Candidates from a paper's lines (text.lines_from_text and friends). `model`: a scorer
    model (dict), None for the rules' verdict alone, or the shipped one by default."""
    return choose(propose(lines), scorer.load() if model is scorer.DEFAULT else model)


def choose(proposals, model):
    """The kept proposals as candidates, their parents linked to kept items."""
    kept = []
    for proposal in proposals:
        candidate = proposal.candidate
        if model is not None:
            probability = scorer.probability(model, proposal)
            if not scorer.keeps(model, proposal, probability):
                continue
            candidate.confidence = round(probability, 2)
        elif not proposal.rule:
            continue
        candidate.parent = proposal.parent if any(c.number == proposal.parent for c in kept) else None
        kept.append(candidate)
    return without_repeats(kept)


def without_repeats(candidates):
    """Keep one of two candidates that say the same (the later one: the body, not the abstract).
    Titles alike are not enough when the texts go on to say different things (two asks that open
    with the same words, "The Secretary of Defense should ensure that ...")."""
    kept = []
    for candidate in candidates:
        kept = [earlier for earlier in kept if earlier.number or not repeats(earlier, candidate)]
        kept.append(candidate)
    return kept


def repeats(earlier, later):
    if not similar(earlier.title, later.title):
        return False
    first, second = words(earlier.text), words(later.text)
    return len(first & second) / max(1, min(len(first), len(second))) > 0.6


def extract_file(path):
    """Candidates of a paper file (see text.lines_from_file for the kinds accepted)."""
    return extract(lines_from_file(path))
