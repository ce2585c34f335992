"""The words and shapes by which a paper asks the government to act (plain Python)."""

import re

SECTION = re.compile(
    r"recommendation|suggestion|proposal|countermeasure|policy advice|way forward|conclusion|outlook|"
    r"建议|对策|措施|展望",
    re.IGNORECASE,
)
# Verbs that open an ask in their imperative, -ing or "to ..." form.
VERBS = {
    "accelerate",
    "accept",
    "actively",
    "adjust",
    "adopt",
    "advance",
    "align",
    "allow",
    "apply",
    "attach",
    "attract",
    "avoid",
    "boost",
    "break",
    "build",
    "carry",
    "connect",
    "consider",
    "continue",
    "coordinate",
    "create",
    "cultivate",
    "cut",
    "decarbonize",
    "deepen",
    "deploy",
    "develop",
    "digitalize",
    "digitize",
    "diversify",
    "drive",
    "ease",
    "emphasize",
    "enable",
    "encourage",
    "enhance",
    "enrich",
    "ensure",
    "establish",
    "expand",
    "expedite",
    "explore",
    "extend",
    "facilitate",
    "focus",
    "formulate",
    "foster",
    "fully",
    "further",
    "give",
    "grant",
    "guide",
    "harmonise",
    "harmonize",
    "help",
    "hold",
    "host",
    "implement",
    "improve",
    "increase",
    "innovate",
    "institute",
    "integrate",
    "introduce",
    "invest",
    "jointly",
    "launch",
    "lay",
    "lead",
    "leverage",
    "link",
    "lower",
    "make",
    "nurture",
    "offer",
    "open",
    "optimise",
    "optimize",
    "organize",
    "pay",
    "plan",
    "prioritise",
    "prioritize",
    "promote",
    "protect",
    "provide",
    "pursue",
    "push",
    "put",
    "raise",
    "reduce",
    "reform",
    "reinforce",
    "relax",
    "remove",
    "seek",
    "set",
    "share",
    "simplify",
    "speed",
    "step",
    "streamline",
    "strengthen",
    "support",
    "take",
    "train",
    "transform",
    "unify",
    "upgrade",
    "use",
    "utilise",
    "utilize",
    "work",
}
# Headings in the nominal style ("Promotion of sustainable finance", "Trial relaxation of ...").
NOMINAL = re.compile(
    r"^(?:trial\s+)?(?:promotion|establishment|construction|development|improvement|optimi[sz]ation|introduction|"
    r"creation|expansion|relaxation|strengthening|acceleration|enhancement|regional cooperation|cooperation)\b",
    re.IGNORECASE,
)


CHINESE_VERBS = re.compile(
    r"^(?:建议|推动|加快|加强|鼓励|支持|完善|建立|打造|设立|优化|深化|提升|扩大|促进|构建|探索|实施|持续)"
)


def is_imperative(text):
    """Opens with an imperative ("Build ...", 推动...) or "To build ..."."""
    if CHINESE_VERBS.match(text):
        return True
    words = re.findall(r"[A-Za-z]+", text[:40].lower())
    if not words:
        return False
    first = words[1] if words[0] == "to" and len(words) > 1 else words[0]
    return first in VERBS


def is_action_heading(text):
    """A heading in the -ing or nominal style ("Building ...", "Promotion of ..."): an item when
    the paper goes on to ask for it, not by itself (papers also title their analysis so)."""
    words = re.findall(r"[a-z]+", text[:40].lower())
    if not words:
        return False
    first = words[0]
    return bool(NOMINAL.match(text)) or (first.endswith("ing") and (first[:-3] in VERBS or first[:-3] + "e" in VERBS))


ASK = re.compile(
    r"\b(?:should|suggest(?:s|ed)?|recommend(?:s|ed)?|propose[sd]?|we (?:would )?(?:like to|hope|encourage|urge|call)|"
    r"it(?: is|['’]s) (?:necessary|important|essential|recommended|suggested|desirable)|need(?:s)? to|must|"
    r"can consider|"
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
    r"it(?: is|['’]s) (?:necessary|essential|important|recommended|suggested|desirable) (?:for|to|that)|"
    r"^(?:it\s+)?is\s+to\s+[a-z]+)\b|建议|应当|应该",
    re.IGNORECASE,
)
DATED = re.compile(r"^(?:on|in|by|since|as of)\s+(?:\w+\s+)?\d", re.IGNORECASE)
QUESTION = re.compile(r"^(?:what|how|why|who|which)\b|\?\s*$", re.IGNORECASE)
FUNCTION_WORDS = {"the", "of", "and", "to", "for", "in", "a", "an", "on", "with", "by", "its"}
BULLET = re.compile(r"^[⚫•●▪■◆✓√]")
# "Chengdu-Chongqing can concentrate on ...", "the government could ...": a sentence whose
# subject is the government side and whose verb is a modal of possibility proposes something.
GOVERNMENT_CAN = re.compile(
    r"(?:^|[.。]\s+)(?:finally,\s+|further,\s+)?(?:the\s+)?(?:local\s+)?"
    r"(?:government|governments|chengdu-chongqing|chongqing|chengdu|the two cities|ccec|sichuan and chongqing)\b"
    r"[^.]{0,30}?\b(?:can|could|may)\s+(?:also\s+)?[a-z]+",
    re.IGNORECASE,
)
SELF = re.compile(r"^(?:we will|our company|our group|the company has|we have|in \d{4},)", re.IGNORECASE)
WORDS = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]", re.IGNORECASE)


STOPWORDS = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "can",
    "for",
    "from",
    "has",
    "have",
    "in",
    "into",
    "is",
    "it",
    "its",
    "more",
    "of",
    "on",
    "or",
    "should",
    "that",
    "the",
    "their",
    "this",
    "to",
    "was",
    "which",
    "will",
    "with",
}
