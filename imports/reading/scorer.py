"""The learned scorer over the rules' proposals: a logistic model read from a small JSON file.

`model.json` (written by `python manage.py train_extractor`, versioned with the code) holds one
weight per feature, an intercept and the threshold a proposal must reach. Scoring is a sum of
weights in plain Python: no network, no scikit-learn at run time (it is used for training
only, see learn.py).

Features of a proposal: the rules' verdict and clues (rule:..., clue:...), its kind, numbering
family and depth, layout, length, the share of its list the rules accepted, and the words and
Chinese character pairs of its opening (folded to Simplified and lower case).
"""

import itertools
import json
import math
import re
from functools import lru_cache
from pathlib import Path

from imports.reading.vocabulary import fold

MODEL = Path(__file__).resolve().parent / "model.json"
DEFAULT = object()  # extract(model=DEFAULT): the shipped model, or the rules alone without one
FAMILIES = [
    ("bullet", r"[⚫•●▪■◆✓√►➢○◇□·\-–*]"),
    ("part", r"Part|Suggestion|Recommendation|Proposal|建议"),
    ("dotted", r"\d+\.\d+"),
    ("arabic", r"\d"),
    ("paren", r"[(（]"),
    ("circled", r"[①-⑳]"),
    ("cn_list", r"[一二三四五六七八九十]+、"),
    ("cn_is", r"[一二三四五六七八九十]是"),
    ("cn_order", r"第|首先|其次|再次|再者|此外|最后"),
    ("letter", r"[a-hA-H][.)]"),
    ("roman", r"[IVXivx]+[.)]"),
    ("word", r"[A-Za-z]"),
]
TOKENS = re.compile(r"[a-z]+|[\u4e00-\u9fff]")


def family(number):
    if not number:
        return "none"
    return next((name for name, pattern in FAMILIES if re.match(pattern, number)), "other")


def bucket(value, edges):
    return next((str(edge) for edge in edges if value < edge), f"{edges[-1]}+")


def features(proposal):
    """The named features of a proposal (value 1 unless numeric)."""
    found = proposal.features
    result = {
        "bias": 1.0,
        f"rule={proposal.rule}": 1.0,
        f"kind={proposal.kind}": 1.0,
        f"family={family(found.get('number', ''))}": 1.0,
        f"layout={found.get('layout', '')}": 1.0,
        f"length={bucket(found.get('weighted_length', 0), [40, 80, 160, 320, 640])}": 1.0,
        "list_share": float(found.get("list_share", 0.0)),
        f"position={bucket(found.get('position', 0.0), [0.2, 0.4, 0.6, 0.8, 1.01])}": 1.0,
        f"list_size={bucket(found.get('list_size', 0), [1, 2, 4, 8])}": 1.0,
    }
    for clue, value in found.items():
        if isinstance(value, bool) and value:
            result[f"clue={clue}"] = 1.0
            result[f"clue={clue}&kind={proposal.kind}"] = 1.0
    start = fold(proposal.candidate.text[len(found.get("number", "")) :].strip()[:60]).lower()
    tokens = TOKENS.findall(start)
    words = [token for token in tokens if token.isascii()][:8]
    chinese = "".join(token for token in tokens if not token.isascii())[:24]
    for word in words:
        result[f"w={word}"] = 1.0
    for first, second in itertools.pairwise(chinese):
        result[f"c={first}{second}"] = 1.0
    return result


def logistic(model, named):
    """The model's probability for named features (a dict name -> value)."""
    weights = model["weights"]
    total = model["intercept"] + sum(weights.get(name, 0.0) * value for name, value in named.items())
    return 1.0 / (1.0 + math.exp(-max(min(total, 30.0), -30.0)))


def probability(model, proposal):
    return logistic(model, features(proposal))


def keeps(model, proposal, probability_of_it):
    """Kept: a proposal the rules accept from the threshold up, one they reject from `rescue`;
    never the company's own news, a dated fact or a question (the rules exclude those outright)."""
    if proposal.excluded:
        return False
    limit = model["threshold"] if proposal.rule else model.get("rescue", model["threshold"])
    return probability_of_it >= limit


@lru_cache(maxsize=1)
def load():
    """The shipped model (None when no model file is present: the rules decide alone)."""
    if not MODEL.exists():
        return None
    return json.loads(MODEL.read_text(encoding="utf-8"))
