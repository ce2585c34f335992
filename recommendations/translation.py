"""Bilingual fields, and the audit history of the tracked models.

The history is registered here rather than with `history = HistoricalRecords()` on the models
because modeltranslation adds the `_en` / `_zh_hans` columns at registration: registering the
history after it makes the historical tables keep both languages (simple-history's documented
way of combining the two).
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from recommendations.models import (
    DeadlineExtension,
    Feedback,
    ProgressUpdate,
    Recommendation,
    Response,
    ResponseRevision,
    ResponseVersion,
)


@register(Recommendation)
class RecommendationTranslationOptions(TranslationOptions):
    fields = ("title", "text")


@register(Response)
class ResponseTranslationOptions(TranslationOptions):
    fields = ("text", "planned_measures")


@register(ResponseRevision)
class ResponseRevisionTranslationOptions(TranslationOptions):
    fields = ("text", "planned_measures")


@register(ResponseVersion)
class ResponseVersionTranslationOptions(TranslationOptions):
    fields = ("text", "planned_measures")


@register(Feedback)
class FeedbackTranslationOptions(TranslationOptions):
    fields = ("clarification",)


@register(ProgressUpdate)
class ProgressUpdateTranslationOptions(TranslationOptions):
    fields = ("note",)


# Who changed what and when: recommendations with their assignment to departments, and
# responses through their sign-off workflow.
simple_history.register(
    Recommendation,
    app="recommendations",
    m2m_fields=["supporting_departments"],
    excluded_fields=[
        "related",
        "search_text",
        "shared_search_text",
        "search_vector",
        "shared_search_vector",
        "sort_key",
    ],
)
simple_history.register(Response, app="recommendations")
simple_history.register(DeadlineExtension, app="recommendations")
