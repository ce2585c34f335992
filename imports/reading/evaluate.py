"""Recall and precision of the extractor against a careful reader's labels.

Matching rule: a labelled recommendation is found when a candidate's lines overlap the
label's lines (line_start..line_end), or the first 40 characters of the label's heading,
normalised (lower case, letters and digits only), lie inside the paragraph the candidate
opens with (its excerpt: not the body it carries along, which may hold other items). Each
candidate finds at most one label (a maximum one-to-one matching): a paragraph that swallows
five run-together items finds one. Recall counts distinct labels only (an abstract copy,
`same_as`, is not a separate recommendation). A candidate is correct when it matches any
label, abstract copies included.

The headline is leave-one-document-out: the scorer is trained on every other labelled
document and the held-out one is scored, so no figure comes from a document the model saw.
"""

import json
import re
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from imports.reading.extract import choose, propose
from imports.reading.text import lines_from_text


def normalise(text):
    return re.sub(r"[^a-z0-9\u4e00-\u9fff]", "", text.lower())


def matches(candidate, label):
    if label.get("line_start") and candidate.line <= label["line_end"] and label["line_start"] <= candidate.last_line:
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


def one_to_one(labels, candidates):
    """How many labels a maximum matching pairs with distinct candidates (augmenting paths)."""
    owner = {}  # candidate index -> label index

    def assign(label_index, seen):
        for index, candidate in enumerate(candidates):
            if index in seen or not matches(candidate, labels[label_index]):
                continue
            seen.add(index)
            if index not in owner or assign(owner[index], seen):
                owner[index] = label_index
                return True
        return False

    return sum(1 for label_index in range(len(labels)) if assign(label_index, set()))


def score(name, candidates, labels):
    distinct = [label for label in labels if label.get("same_as") is None]
    correct = sum(1 for candidate in candidates if any(matches(candidate, label) for label in labels))
    return Score(name, len(distinct), one_to_one(distinct, candidates), len(candidates), correct)


@dataclass
class Document:
    name: str
    set: str
    text: str
    labels: list

    @property
    def lines(self):
        return lines_from_text(self.text)


def documents(labels_path, papers_dir):
    data = json.loads(Path(labels_path).read_text(encoding="utf-8"))
    return [
        Document(
            paper["file"],
            paper.get("set", ""),
            (Path(papers_dir) / paper["file"]).read_text(encoding="utf-8"),
            paper["recommendations"],
        )
        for paper in data["papers"]
    ]


def score_paper(name, text, labels, model=None):
    """One paper's score with `model` (None: the rules alone)."""
    return score(name, choose(propose(lines_from_text(text)), model), labels)


def leave_one_out(docs, train):
    """Each document scored by a model trained (`train(list of documents)`) on all the others."""
    proposals = {doc.name: propose(doc.lines) for doc in docs}
    scores = []
    for held in docs:
        model = train([doc for doc in docs if doc is not held], proposals)
        scores.append(score(held.name, choose(fresh(proposals[held.name]), model), held.labels))
    return scores


def fresh(proposals):
    """Copies whose candidates `choose` may change (parent, confidence) without touching the originals."""
    return deepcopy(proposals)


def total(scores, name="overall"):
    return Score(
        name=name,
        labels=sum(s.labels for s in scores),
        found=sum(s.found for s in scores),
        candidates=sum(s.candidates for s in scores),
        correct=sum(s.correct for s in scores),
    )
