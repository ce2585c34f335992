"""Training the scorer (scikit-learn): a logistic regression over scorer.features.

A proposal is a positive example when it matches a label (evaluate.matches), else a negative
one. Two thresholds are chosen on out-of-fold probabilities (folds by document, so a document
never scores itself): `threshold` for a proposal the rules accept and `rescue` for one they
reject, maximising F(BETA). Training is deterministic: sorted features, a fixed solver (lbfgs),
folds by document order, weights rounded to 4 places.
"""

from imports.reading.evaluate import matches
from imports.reading.extract import propose
from imports.reading.scorer import features, logistic

MIN_DOCUMENTS = 2  # a feature seen in fewer documents is left out of the model
BETA = 0.7  # measured leave-one-out on the seed set: higher values keep more wrong prose


def examples(docs, proposals=None):
    """(features, label, group, rule) of every proposal of every document."""
    rows = []
    for group, doc in enumerate(docs):
        found = proposals[doc.name] if proposals else propose(doc.lines)
        for proposal in found:
            positive = any(matches(proposal.candidate, label) for label in doc.labels)
            rows.append((features(proposal), int(positive), group, proposal.rule))
    return rows


def fit(rows):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    documents_of = {}
    for row_features, _label, group, _rule in rows:
        for name in row_features:
            documents_of.setdefault(name, set()).add(group)
    kept = {name for name, groups in documents_of.items() if len(groups) >= MIN_DOCUMENTS}
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform([{k: v for k, v in f.items() if k in kept} for f, _l, _g, _r in rows])
    labels = [label for _f, label, _g, _r in rows]
    if len(set(labels)) < 2:
        return {"weights": {}, "intercept": 0.0}
    classifier = LogisticRegression(C=0.5, class_weight="balanced", solver="lbfgs", max_iter=2000)
    classifier.fit(matrix, labels)
    weights = {
        name: round(float(weight), 4)
        for name, weight in zip(vectorizer.get_feature_names_out(), classifier.coef_[0], strict=True)
        if abs(weight) >= 1e-4
    }
    return {"weights": dict(sorted(weights.items())), "intercept": round(float(classifier.intercept_[0]), 4)}


def thresholds(rows, folds=4):
    """The F-best pair (keep, rescue) over out-of-fold probabilities (documents split into
    `folds`): a proposal the rules accept is kept from `keep` up, one they reject from `rescue`."""
    groups = sorted({row[2] for row in rows})
    scored = []
    for fold_index in range(folds):
        held = {group for position, group in enumerate(groups) if position % folds == fold_index}
        model = fit([row for row in rows if row[2] not in held])
        scored += [(logistic(model, row[0]), row[1], row[3]) for row in rows if row[2] in held]
    positives = sum(label for _p, label, _rule in scored)
    best, best_value = (0.5, 0.95), -1.0
    steps = [step / 20 for step in range(1, 20)]
    for keep in steps:
        for rescue in [step for step in steps if step >= keep]:
            chosen = [label for p, label, rule in scored if p >= (keep if rule else rescue)]
            right = sum(chosen)
            if not right:
                continue
            precision, recall = right / len(chosen), right / positives
            value = (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)
            if value > best_value:
                best, best_value = (keep, rescue), value
    return best


def train(docs, proposals=None):
    """A model dict (weights, intercept, threshold) from labelled documents."""
    rows = examples(docs, proposals)
    model = fit(rows)
    model["threshold"], model["rescue"] = thresholds(rows)
    return model
