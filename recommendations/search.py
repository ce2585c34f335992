"""Search text that works in English and Chinese, on PostgreSQL and SQLite alike.

A recommendation stores what each track may find in it (tracks.py: `search_text` for the
government side, `shared_search_text` for the company) as *tokens*: the text folded (Unicode
NFKC, Traditional characters to Simplified with OpenCC, lower case), English and other words
kept whole, and each run of Chinese characters cut into overlapping pairs of characters
("数字化转型" -> "数字 字化 化转 转型"), as search engines without a Chinese dictionary do
(Lucene's CJK bigrams). A query is cut the same way, so:

- PostgreSQL matches a stored tsvector of the tokens (`to_tsvector('simple', tokens)`, GIN
  indexed, migration 0003): a Chinese word is the phrase of its pairs (`'数字' <-> '字化'`), an
  English word a whole word (no stemming), all terms together;
- SQLite (the embedded default) looks for the same token strings as substrings, so an English
  word there also finds longer words that start or contain it.

A query of a single Chinese character has no pair to look for: it falls back to a substring
search of the tokens (slow on large data, and it cannot see across pairs, so rare and rough).
"""

import re
import unicodedata
from functools import lru_cache

import opencc
from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of Chinese characters, or a word of letters and digits in any other script.
_TOKEN = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")


@lru_cache(maxsize=1)
def _simplified():
    return opencc.OpenCC("t2s")


def fold(text):
    """The text as search compares it: NFKC, Simplified characters, lower case."""
    return _simplified().convert(unicodedata.normalize("NFKC", text or "")).casefold()


def _pairs(run):
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _terms(text):
    """Each word or Chinese run of `text`, folded, as the list of its tokens."""
    for han, word in _TOKEN.findall(fold(text)):
        yield _pairs(han) if han else [word]


def tokens(*texts):
    """The stored search text of these texts (see the module's docstring)."""
    return " ".join(token for text in texts for term in _terms(text) for token in term)


class Query:
    """A search box's value, cut as the stored text is."""

    def __init__(self, value):
        self.terms = list(_terms(value))

    def __bool__(self):
        return bool(self.terms)

    @property
    def needs_substring(self):
        """Whether a term (one Chinese character) cannot be matched as whole tokens."""
        return any(len(term) == 1 and _is_han(term[0]) and len(term[0]) == 1 for term in self.terms)

    def needles(self):
        """The token strings that must all occur in the stored text (SQLite, and fallbacks)."""
        return [" ".join(term) for term in self.terms]

    def tsquery(self):
        """The terms as a PostgreSQL `to_tsquery` string: phrases of pairs, all required."""
        return " & ".join("(" + " <-> ".join(f"'{token}'" for token in term) + ")" for term in self.terms)


def _is_han(token):
    return bool(re.fullmatch(f"[{_HAN}]+", token))


class SimpleVector(Func):
    """`to_tsvector('simple', tokens)`: the stored, GIN-indexed tsvector of the tokens."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()
