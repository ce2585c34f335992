"""Bilingual fields of the departments (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from accounts.models import Department


@register(Department)
class DepartmentTranslationOptions(TranslationOptions):
    fields = ("name", "short_name")
