"""Recall and precision of the extractor against a careful reader's labels.

Matching rule: a labelled recommendation is found when a candidate's lines overlap the
label's lines (line_start..line_end), or the first 40 characters of the label's heading,
normalised (lower case, letters and digits only), lie inside the paragraph the candidate
opens with (its excerpt: not the body it carries along, which may hold other items).
Recall counts distinct labels only (an abstract copy, `same_as`, is not a separate
recommendation). A candidate is correct when it matches any label, abstract copies included.
"""

import re
from dataclasses import dataclass

from imports.reading.extract import extract
from imports.reading.text import lines_from_text


def normalise(text):
    return re.sub(r"[^a-z0-9\u4e00-\u9fff]", "", text.lower())


def matches(candidate, label):
    if candidate.line <= label["line_end"] and label["line_start"] <= candidate.last_line:
        return True
    return normalise(label["heading"])[:40] in normalise(candidate.excerpt)


@dataclass
class Score:
    name: str
    labels: int
    found: int
    candidates: int
    correct: int

    @property
    def recall(self):
        return self.found / self.labels if self.labels else 1.0

    @property
    def precision(self):
        return self.correct / self.candidates if self.candidates else 1.0


def score_paper(name, text, labels):
    candidates = extract(lines_from_text(text))
    distinct = [label for label in labels if label.get("same_as") is None]
    found = sum(1 for label in distinct if any(matches(candidate, label) for candidate in candidates))
    correct = sum(1 for candidate in candidates if any(matches(candidate, label) for label in labels))
    return Score(name=name, labels=len(distinct), found=found, candidates=len(candidates), correct=correct)


def total(scores):
    return Score(
        name="overall",
        labels=sum(s.labels for s in scores),
        found=sum(s.found for s in scores),
        candidates=sum(s.candidates for s in scores),
        correct=sum(s.correct for s in scores),
    )
