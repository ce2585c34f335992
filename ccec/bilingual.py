"""Helpers for the bilingual (modeltranslation) fields."""

from django.conf import settings
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname


def both(field):
    """The field's column in every language, e.g. ("title_en", "title_zh_hans"): one admin row."""
    return tuple(build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES)


ADMIN_MEDIA = {"all": ["css/admin.css"]}


class BilingualAdmin(TranslationAdmin):
    """Bilingual fields sit side by side: a fieldset row both("title") is title [en] | title [zh-hans]."""

    class Media:
        css = ADMIN_MEDIA
