"""Bilingual fields of meetings, topics and papers, and the papers' audit history.

The history is registered here rather than with `history = HistoricalRecords()` on the model
because modeltranslation adds the `_en` / `_zh_hans` columns at registration: registering the
history after it makes the historical table keep both languages (simple-history's documented
way of combining the two).
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from meetings.models import Meeting, Paper, Topic


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("theme",)


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Paper)
class PaperTranslationOptions(TranslationOptions):
    fields = ("title", "abstract")


simple_history.register(Paper, app="meetings")
