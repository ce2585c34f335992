"""How papers number their items: the markers that open an item, their depth, and lists that run
together inside one paragraph ("建议:一、… 二、…", "1.加强… 2.改善…", "• Tax: … • Visas: …").

A marker is recognised in every common form: 1. 1) (1) 1．1、 1.1 ① a) (a) i. (i) I. 一、 （一） (一)
一是 第一， 首先/其次/最后, First/Second/Finally, bullets (• ● ▪ ■ ◆ ✓ - – *), Part II,
Suggestion 1, Recommendation 1.
"""

import re

CN_DIGITS = "一二三四五六七八九十"
BULLETS = "⚫•●▪■◆✓√►➢○◇□·"
MARKER = re.compile(
    rf"""^\s*(?P<marker>
        (?:Part\s+[IVX]+\b)
      | (?:(?:Suggestion|Recommendation|Proposal)\s+\d+\s*[:：.]?)
      | (?:建议[{CN_DIGITS}\d]+[:：、])
      | (?:\d+(?:\.\d+)+\.?(?=\s*[A-Z\u4e00-\u9fff“"]))  # 1.1  4.3.1 (not "1.5 million")
      | (?:\d{{1,2}}\s*[.．、)](?!\d))         # 1.  1．  1)  1、 (not a year such as "2025)")
      | (?:[(（]\d{{1,2}}[)）])                # (1) （1）
      | (?:[①-⑳])
      | (?:\([ivx]+\)|[ivx]+[.)](?=\s))      # (i) i) i.
      | (?:\([a-h]\)|[a-h]\)|[a-h]\.(?=\s))  # (a) a) a.
      | (?:[IVX]+\.(?=\s))                   # I.  II.
      | (?:[{CN_DIGITS}]+、)                  # 一、
      | (?:[(（][{CN_DIGITS}]+[)）])           # （一） (一)
      | (?:[{CN_DIGITS}]是(?=[\u4e00-\u9fff]))  # 一是
      | (?:第[{CN_DIGITS}]+[，,、:：]|第[{CN_DIGITS}]+(?:[是条点项])[，,、:：]?)
      | (?:(?:首先|其次|再次|再者|此外|最后)[，,、:：])
      | (?:[{BULLETS}]\s*)
      | (?:[-–*](?=\s+\S))
      | (?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Finally|Lastly)(?:ly)?(?=\s*,))
      | (?:(?:In\ )?(?:[Tt]he\ )?(?:first|second|third|fourth|fifth|sixth)(?:\ (?:stage|step|point))?(?=\s*,|\s+is\b))
      | (?:(?:To\ begin\ with|Next|Following\ on|Something\ else\ to\ consider|In\ addition|Moreover
          |Furthermore)(?=\s*,|\s+is\b))
    )""",
    re.VERBOSE,
)
BULLET = re.compile(rf"^(?:[{BULLETS}]|[-–*](?=\s))")
SMALL_BULLET = re.compile(r"^[✓√▪■◆○◇□·]")


def marker_of(text):
    match = MARKER.match(text)
    return match.group("marker").strip() if match else ""


def level_of(number):
    """A rough depth for nesting: Part/一、/I. < 1. < 1.1/(1)/（一）/一是 < a)/(i)/①/First/bullets."""
    if not number:
        return None
    if re.match(rf"Part|Suggestion|Recommendation|Proposal|建议|[{CN_DIGITS}]+、|[IVX]+\.", number):
        return 0
    if re.match(r"\d+(\.\d+){2,}", number):
        return 3
    if re.match(r"\d+\.\d+", number):
        return 2
    if re.match(r"\d+\s*[.．、)]", number):
        return 1
    if re.match(rf"[(（](?:\d+|[{CN_DIGITS}]+)[)）]|[{CN_DIGITS}]是|第|首先|其次|再次|再者|此外|最后", number):
        return 2
    if SMALL_BULLET.match(number):
        return 4  # check marks and small squares nest under round bullets
    return 3


def is_bullet(number):
    return bool(BULLET.match(number or ""))


# Numbering that runs inside a paragraph: each family with the value it counts.
def _cn_value(text):
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CN_DIGITS.index(text[1]) + 1
    return CN_DIGITS.index(text[0]) + 1


INLINE = [
    (re.compile(rf"([{CN_DIGITS}])、"), _cn_value),
    (re.compile(rf"[(（]([{CN_DIGITS}])[)）]"), _cn_value),
    (re.compile(rf"([{CN_DIGITS}])是(?=[\u4e00-\u9fff])"), _cn_value),
    (re.compile(rf"第([{CN_DIGITS}])[，,、:：]"), _cn_value),
    (re.compile(r"[(（](\d{1,2})[)）]"), int),
    (re.compile(r"([①-⑳])"), lambda char: ord(char) - ord("①") + 1),
    # "…意见。1.加强…2.改善…": a digit and a stop right after a sentence ends or a CJK character.
    (re.compile(r"(?:(?<=^)|(?<=[\u4e00-\u9fff。；;：:!！?？，,]))\s*(\d{1,2})[.．、](?=\s*[\u4e00-\u9fff])"), int),
    # "... as follows: 1. Tax credits ... 2. Visas ...": a number after a sentence or a colon.
    (re.compile(r"(?:(?<=^)|(?<=[.;:!?]\s))(\d{1,2})[.)]\s+(?=[A-Z])"), int),
]
INLINE_BULLET = re.compile(rf"(?<=\S)\s*(?=[{BULLETS}]\s*\S)")
# "... skills. First, promote ..." : an enumeration running inside a paragraph.
INLINE_ORDINAL = re.compile(
    r"(?<=[.。:：;；”\"])\s+(?=(?:[Tt]he\s+)?(?:[Ff]irst|[Ss]econd|[Ss]econdly|[Tt]hird|[Tt]hirdly|[Ff]ourth|[Ff]ifth|Finally|Lastly)"
    r"(?:,\s|\s+is\b))"
    r"|(?<=[。；;])\s*(?=(?:其次|再次|最后)[，,])"
)


def chain(matches):
    """The longest run 1, 2, 3 ... (in order of place) among (offset, value) matches."""
    best = []
    for start, (_offset, value) in enumerate(matches):
        if value != 1:
            continue
        run, expected = [matches[start]], 2
        for offset, later in matches[start + 1 :]:
            if later == expected:
                run.append((offset, later))
                expected += 1
        best = max(best, run, key=len)
    return best


# A list opens after a sentence or a colon; "(1) a, (2) b and (3) c" inside a sentence is no list.
OPENS_LIST = re.compile(r"(?:^|[.。:：;；!！?？]\s*|[.:;]\s+)$")


def inline_cuts(text):
    """Where items that run together in `text` begin (offsets, the first may be 0)."""
    cuts = set()
    for pattern, value in INLINE:
        matches = [(match.start(), value(match.group(1))) for match in pattern.finditer(text)]
        run = chain(matches)
        if len(run) >= 2 and OPENS_LIST.search(text[max(0, run[0][0] - 3) : run[0][0]]):
            cuts.update(offset for offset, _ in run)
    bullets = [match.end() for match in INLINE_BULLET.finditer(text)]
    if bullets:
        cuts.update(bullets)
    cuts.update(match.end() for match in INLINE_ORDINAL.finditer(text))
    return sorted(cut for cut in cuts if 0 < cut < len(text) - 1)
