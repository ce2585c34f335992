"""Helpers for the bilingual (modeltranslation) fields."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def both(field):
    """The field's column in every language, e.g. ("title_en", "title_zh_hans"): one admin row."""
    return tuple(build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES)
