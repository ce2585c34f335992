"""Which recommendations make the same ask: TF-IDF similarity in each language (scikit-learn).

English is compared with English and Chinese with Chinese, where both recommendations have that
language: English by words (no stop words, uni- and bigrams) and by character 3-5-grams within
words (robust to small edits and inflections), Chinese by character 2-3-grams (no dictionary
needed). A pair's score is the mean of its languages' cosine similarities. Only asks from
another company or another meeting are candidates: those are the "repeated" asks the report
and the secretariat care about, not the neighbouring points of one paper.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

# Below this score a pair is not worth the secretariat's look (on the demo, true repeats score
# 0.1-0.2 and unrelated asks under 0.08); at most this many proposed per recommendation.
MINIMUM_SCORE = 0.08
PROPOSED = 3
# How much of the text is compared, after the title: the ask is stated first; a long paper
# section (a parent holding its sub-points) would otherwise resemble everything a little.
ENGLISH_TEXT = 600
CHINESE_TEXT = 200


@dataclass(frozen=True)
class Document:
    pk: int
    company_id: int | None
    meeting_id: int
    family: frozenset  # itself, its parent and its sub-points: never suggested to each other
    english: str
    chinese: str


def documents(queryset):
    """The texts of `queryset`'s recommendations, as ranking reads them."""
    rows = queryset.values_list(
        "pk",
        "paper__company_id",
        "paper__meeting_id",
        "parent_id",
        "title_en",
        "text_en",
        "title_zh_hans",
        "text_zh_hans",
    )
    rows = list(rows)
    children = {}
    for pk, _company, _meeting, parent, *_texts in rows:
        if parent:
            children.setdefault(parent, set()).add(pk)
    return [
        Document(
            pk=pk,
            company_id=company,
            meeting_id=meeting,
            family=frozenset({pk, parent, *children.get(pk, ())} - {None}),
            english=f"{title_en or ''}. {(text_en or '')[:ENGLISH_TEXT]}".strip(". "),
            chinese=f"{title_zh or ''}。{(text_zh or '')[:CHINESE_TEXT]}".strip("。"),
        )
        for pk, company, meeting, parent, title_en, text_en, title_zh, text_zh in rows
    ]


def _vectorize(texts, vectorizers):
    """Each vectorizer's TF-IDF vectors of the texts (one fit), and which texts are not empty."""
    present = np.array([bool(text.strip()) for text in texts])
    matrices = []
    if present.sum() >= 2:
        for vectorizer in vectorizers:
            try:
                matrices.append(vectorizer.fit_transform(texts))
            except ValueError:  # nothing left to count (every text a stop word)
                continue
    return matrices, present


def _mean_cosine(matrices, rows, width):
    if not matrices:
        return np.zeros((len(rows), width))
    return sum(linear_kernel(matrix[rows], matrix) for matrix in matrices) / len(matrices)


class Similarity:
    """The TF-IDF vectors of all `docs`, fitted once; scores() compares some rows with all."""

    def __init__(self, docs):
        self.width = len(docs)
        self.english, self.has_english = _vectorize(
            [doc.english for doc in docs],
            [
                TfidfVectorizer(analyzer="word", stop_words="english", ngram_range=(1, 2), sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
            ],
        )
        self.chinese, self.has_chinese = _vectorize(
            [doc.chinese for doc in docs], [TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)]
        )

    def scores(self, rows):
        """docs[rows] against every doc (len(rows) x len(docs)), in each language where both
        sides have it; a pair scores the same whichever side asks."""
        both_english = np.outer(self.has_english[rows], self.has_english)
        both_chinese = np.outer(self.has_chinese[rows], self.has_chinese)
        counted = both_english.astype(int) + both_chinese.astype(int)
        total = _mean_cosine(self.english, rows, self.width) * both_english
        total = total + _mean_cosine(self.chinese, rows, self.width) * both_chinese
        return np.divide(total, counted, out=np.zeros(total.shape), where=counted > 0)


def ranked(docs, row_scores, index, limit=PROPOSED, minimum=MINIMUM_SCORE):
    """The best candidates for docs[index] (`row_scores`: its row of Similarity.scores()):
    [(Document, score)], best first. Only the highest scores are looked at (numpy), so a row of
    100,000 costs one partial sort, not a Python loop over every recommendation."""
    doc = docs[index]
    # Enough of the best to fill `limit` after skipping the item's family and its own paper.
    look_at = min(len(docs), limit + len(doc.family) + 50)
    best = np.argpartition(-row_scores, look_at - 1)[:look_at] if look_at < len(docs) else np.arange(len(docs))
    candidates = []
    for other_index in best:
        other = docs[other_index]
        score = float(row_scores[other_index])
        if score < minimum or other.pk in doc.family or doc.pk in other.family:
            continue
        if other.company_id == doc.company_id and other.meeting_id == doc.meeting_id:
            continue
        candidates.append((other, round(score, 3)))
    candidates.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return candidates[:limit]


# Rows scored at a time: a (rows x all recommendations) matrix must fit in memory at 100,000.
CHUNK = 200


def suggest(queryset, pks, limit=PROPOSED, minimum=MINIMUM_SCORE):
    """{pk: [(Document, score)]} for the recommendations `pks`, against all of `queryset`."""
    docs = documents(queryset)
    position = {doc.pk: index for index, doc in enumerate(docs)}
    rows = [position[pk] for pk in pks if pk in position]
    result = {}
    if not rows:
        return result
    model = Similarity(docs)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        scores = model.scores(chunk)
        result.update({docs[row].pk: ranked(docs, scores[n], row, limit, minimum) for n, row in enumerate(chunk)})
    return result
