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


def _similarity(texts, rows, vectorizers):
    """Mean cosine similarity of texts[rows] with every text, under each vectorizer."""
    present = np.array([bool(text.strip()) for text in texts])
    shape = (len(rows), len(texts))
    if present.sum() < 2:
        return np.zeros(shape), present
    matrices = []
    for vectorizer in vectorizers:
        try:
            vectors = vectorizer.fit_transform(texts)
        except ValueError:  # nothing left to count (every text a stop word)
            continue
        matrices.append(linear_kernel(vectors[rows], vectors))
    if not matrices:
        return np.zeros(shape), present
    return sum(matrices) / len(matrices), present


def similarity(docs, rows):
    """Scores of docs[rows] against every doc (len(rows) x len(docs)), in each language where
    both sides have it; the scores of one pair are the same whichever side asks."""
    english, has_english = _similarity(
        [doc.english for doc in docs],
        rows,
        [
            TfidfVectorizer(analyzer="word", stop_words="english", ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        ],
    )
    chinese, has_chinese = _similarity(
        [doc.chinese for doc in docs], rows, [TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)]
    )
    both_english = np.outer(has_english[rows], has_english)
    both_chinese = np.outer(has_chinese[rows], has_chinese)
    counted = both_english.astype(int) + both_chinese.astype(int)
    total = english * both_english + chinese * both_chinese
    return np.divide(total, counted, out=np.zeros(total.shape), where=counted > 0)


def ranked(docs, row_scores, index, limit=PROPOSED, minimum=MINIMUM_SCORE):
    """The best candidates for docs[index] (`row_scores`: its row of similarity()):
    [(Document, score)], best first."""
    doc = docs[index]
    candidates = []
    for other_index, other in enumerate(docs):
        if other.pk in doc.family or doc.pk in other.family:
            continue
        if other.company_id == doc.company_id and other.meeting_id == doc.meeting_id:
            continue
        score = float(row_scores[other_index])
        if score >= minimum:
            candidates.append((other, round(score, 3)))
    candidates.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return candidates[:limit]


def suggest(queryset, pks, limit=PROPOSED, minimum=MINIMUM_SCORE):
    """{pk: [(Document, score)]} for the recommendations `pks`, against all of `queryset`."""
    docs = documents(queryset)
    position = {doc.pk: index for index, doc in enumerate(docs)}
    rows = [position[pk] for pk in pks if pk in position]
    if not rows:
        return {}
    scores = similarity(docs, rows)
    return {docs[row].pk: ranked(docs, scores[n], row, limit, minimum) for n, row in enumerate(rows)}
