"""The words and shapes by which a paper asks the government to act (plain Python).

Chinese patterns are written in Simplified characters: the extractor checks them against the
text folded to Simplified (`fold`, OpenCC's t2s), so a Traditional paper (建議, 特區政府, 應當)
reads the same, while candidates keep the document's own characters.
"""

import re
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def converter():
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def fold(text):
    """Traditional to Simplified, for matching only (the characters map one to one)."""
    return converter().convert(text) if re.search(r"[\u4e00-\u9fff]", text) else text


SECTION = re.compile(
    r"recommendation|suggestion|proposal|countermeasure|policy advice|way forward|conclusion|outlook|"
    r"policy agenda|priorities|key asks|what we ask|"
    r"建议|对策|措施|展望|结论|结语|诉求",
    re.IGNORECASE,
)
# A sentence that announces a list of asks ("the report recommends that the government:",
# "建议如下：", "提出以下建议："): it ends with a colon and asks; the items after it are asks,
# it is none itself. (A colon after "the steps are as follows" announces no asks.)
LEAD_IN = re.compile(r"[:：]\s*$")
LEAD_IN_STRONG = re.compile(
    r"recommend|suggest|propos|urge|call(?:s|ed)? on|we call for|we ask|asks? (?:the|that)|"
    r"建议|促请|呼吁|对策|诉求|意见",
    re.IGNORECASE,
)
LEAD_IN_MODAL = re.compile(
    r"should|must|need(?:s)? to|ought to|(?<![相供响反适对])应(?![用对急变])|要求|希望", re.IGNORECASE
)


def is_lead_in(text):
    """Ends with a colon, and recommends, or asks something of the government side."""
    last = re.split(r"(?<=[.。!?！？;；])\s*", text.strip())[-1] or text
    return bool(
        LEAD_IN.search(text)
        and (LEAD_IN_STRONG.search(text[-200:]) or (LEAD_IN_MODAL.search(last) and GOVERNMENT.search(text[-200:])))
    )


# Verbs that open an ask in their imperative, -ing or "to ..." form.
VERBS = {
    "abolish",
    "accelerate",
    "accept",
    "actively",
    "adjust",
    "adopt",
    "advance",
    "advocate",
    "align",
    "allow",
    "apply",
    "approve",
    "attach",
    "attract",
    "avoid",
    "boost",
    "break",
    "broaden",
    "build",
    "cancel",
    "carry",
    "champion",
    "clarify",
    "connect",
    "consider",
    "continue",
    "coordinate",
    "create",
    "cultivate",
    "cut",
    "decarbonize",
    "deepen",
    "define",
    "deploy",
    "develop",
    "digitalize",
    "digitize",
    "diversify",
    "double",
    "drive",
    "ease",
    "emphasize",
    "enable",
    "enact",
    "encourage",
    "end",
    "enhance",
    "enrich",
    "ensure",
    "establish",
    "exempt",
    "expand",
    "expedite",
    "explore",
    "extend",
    "facilitate",
    "fix",
    "focus",
    "formulate",
    "foster",
    "fully",
    "fund",
    "further",
    "give",
    "grant",
    "guide",
    "halve",
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
    "issue",
    "jointly",
    "launch",
    "lay",
    "lead",
    "leverage",
    "link",
    "lower",
    "make",
    "mandate",
    "modernise",
    "modernize",
    "nurture",
    "offer",
    "open",
    "optimise",
    "optimize",
    "organize",
    "pass",
    "pay",
    "plan",
    "prioritise",
    "prioritize",
    "promote",
    "protect",
    "provide",
    "publish",
    "pursue",
    "push",
    "put",
    "raise",
    "recognise",
    "recognize",
    "reduce",
    "reform",
    "reinforce",
    "relax",
    "relieve",
    "remove",
    "repeal",
    "require",
    "resume",
    "review",
    "revise",
    "secure",
    "seek",
    "set",
    "share",
    "shorten",
    "simplify",
    "speed",
    "standardise",
    "standardize",
    "step",
    "streamline",
    "strengthen",
    "subsidise",
    "subsidize",
    "support",
    "tackle",
    "take",
    "train",
    "transform",
    "unify",
    "upgrade",
    "use",
    "utilise",
    "utilize",
    "waive",
    "work",
}
# Headings in the nominal style ("Promotion of sustainable finance", "Trial relaxation of ...").
NOMINAL = re.compile(
    r"^(?:trial\s+)?(?:promotion|establishment|construction|development|improvement|optimi[sz]ation|introduction|"
    r"creation|expansion|relaxation|strengthening|acceleration|enhancement|regional cooperation|cooperation)\b",
    re.IGNORECASE,
)


CHINESE_VERBS = re.compile(
    r"^(?:建议|推动|加快|加强|鼓励|支持|完善|建立|打造|设立|优化|深化|提升|扩大|促进|构建|探索|实施|持续|"
    r"加大|提高|改善|强化|制定|制订|出台|规范|落实|推进|引导|放宽|简化|降低|减少|增加|健全|培育|发展|大力|"
    r"积极|尽快|进一步|协助|明确|统筹|坚持|保障|保持|继续|开展|设置|取消|允许|给予|争取|搭建|创新|"
    r"让|派出|下达|多做|全方位|围绕|聚焦|着力|鼓励|引进|吸引|畅通|简政|开放|试点|用好|做好|抓好|"
    r"有关部门|相关部门|政府|市政府|各级|应当|应该|应)"
)


def is_imperative(text):
    """Opens with an imperative ("Build ...", 推动...) or "To build ..."."""
    if CHINESE_VERBS.match(fold(text.lstrip(" ,，:："))):
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


# 应 alone, but not in 应用, 相应, 供应, 响应, 反应, 适应, 对应, 应对, 应急 ...
CHINESE_MODAL = r"(?<![相供响反适对回答效])应(?![用对急变届聘运])|应当|应该|需要|亟需|亟待|宜|要求|务必|促请|呼吁|希望"
ASK = re.compile(
    r"\b(?:should|ought to|suggest(?:s|ed)?|recommend(?:s|ed)?|propose[sd]?|urge[sd]?|call(?:s|ed)? on|"
    r"we (?:would )?(?:like to|hope|encourage|urge|call)|is urged to|"
    r"it(?: is|['’]s) (?:necessary|important|essential|recommended|suggested|desirable)|need(?:s)? to|must|"
    r"can consider|"
    r"could consider)\b|建议|推动|加快|加强|鼓励|支持|完善|建立|打造|加大|"
    r"(?<![重主需只必摘纲概简])要(?![求素点闻是么])|" + CHINESE_MODAL,
    re.IGNORECASE,
)
# Who the ask is for: the government side, in the papers' words.
GOVERNMENT = re.compile(
    r"\b(?:Chongqing|Chengdu|government|municipal|authorities|the (?:two )?cit(?:y|ies)|CCEC|economic circle|"
    r"local governments?|policy ?makers|the region|the administration|federal|provincial|"
    r"(?:state|county|city|municipal) governments?|"
    r"Congress|ministers?|ministry|ministries|department|agency|agencies|secretary|council|legislat\w+|regulators?|"
    r"public sector)\b|重庆|成都|政府|双城|经济圈|有关部门|相关部门|部门|当局|港府|特区|国家|各级|地方|"
    r"市委|我市|本市|全市|各区|各地|城管|[\u4e00-\u9fff]{1,4}局(?![面势限部])",
    re.IGNORECASE,
)
STRONG_ASK = re.compile(
    r"\b(?:should|ought to|suggest(?:s|ed)? that|recommend(?:s|ed)? that|propose[sd]? that|"
    r"we (?:would )?(?:like to|hope|encourage|urge)|(?:is|are) urged to|urge[sd]? (?:the|that)|"
    r"call(?:s|ed)? on the|we call for|"
    r"(?:suggest(?:s|ed)?|propos(?:e|es|ed)|recommend(?:s|ed)?) [a-z]+ing|"
    r"it(?: is|['’]s) (?:necessary|essential|important|recommended|suggested|desirable) (?:for|to|that)|"
    r"^(?:it\s+)?is\s+to\s+[a-z]+)\b|建议|" + CHINESE_MODAL,
    re.IGNORECASE,
)
DATED = re.compile(r"^(?:on|in|by|since|as of)\s+(?:\w+\s+)?\d", re.IGNORECASE)
QUESTION = re.compile(r"^(?:what|how|why|who|which)\b|\?\s*$", re.IGNORECASE)
FUNCTION_WORDS = {"the", "of", "and", "to", "for", "in", "a", "an", "on", "with", "by", "its"}
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
