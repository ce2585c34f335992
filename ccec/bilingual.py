"""Helpers for the bilingual (modeltranslation) fields."""

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname


def both(field):
    """The field's column in every language, e.g. ("title_en", "title_zh_hans"): one admin row."""
    return tuple(build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES)


ADMIN_MEDIA = {"all": ["css/admin.css"]}


def in_language(english, chinese, language=None):
    """A translated value as modeltranslation shows it, for rows read without model instances:
    `language`'s (the active language by default) when it has one, else the other's."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    first, second = (chinese, english) if language.startswith("zh") else (english, chinese)
    return first if first not in (None, "") else second


def only_in_other_language(obj, field, language):
    """ "English only" / "Chinese only" when `obj.field` lacks `language` and is shown in the
    other one (modeltranslation falls back to it), else ""."""
    own, other = ("zh_hans", "en") if language.startswith("zh") else ("en", "zh_hans")
    if (getattr(obj, f"{field}_{own}") or "").strip() or not (getattr(obj, f"{field}_{other}") or "").strip():
        return ""
    return _("English only") if other == "en" else _("Chinese only")


class BilingualAdmin(TranslationAdmin):
    """Bilingual fields sit side by side: a fieldset row both("title") is title [en] | title [zh-hans]."""

    class Media:
        css = ADMIN_MEDIA


class BilingualFormMixin:
    """A model form that edits a translated field as its fields in every language, each labelled
    with its language and the reader's language first, so that nobody writes one language
    thinking they wrote the other. `bilingual` names the translated fields (their `_en`,
    `_zh_hans` columns must be in Meta.fields); `bilingual_required` those of them that need a
    text in at least one language."""

    bilingual = ()
    bilingual_required = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reader = translation.get_language() or settings.LANGUAGE_CODE
        languages = sorted(settings.LANGUAGES, key=lambda language: language[0] != reader)
        order = list(self.fields)
        for name in self.bilingual:
            verbose = self._meta.model._meta.get_field(name).verbose_name
            columns = [build_localized_fieldname(name, code) for code, _label in languages]
            for column, (_code, language) in zip(columns, languages, strict=True):
                self.fields[column].label = _("%(field)s (%(language)s)") % {
                    "field": capfirst(verbose),
                    "language": language,
                }
                self.fields[column].required = False
            first = min(order.index(column) for column in columns)
            order = [field for field in order if field not in columns]
            order[first:first] = columns
        self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        reader = translation.get_language() or settings.LANGUAGE_CODE
        for name in self.bilingual_required:
            columns = [build_localized_fieldname(name, code) for code, _label in settings.LANGUAGES]
            if not any((cleaned.get(column) or "").strip() for column in columns):
                self.add_error(
                    build_localized_fieldname(name, reader if reader in dict(settings.LANGUAGES) else "en"),
                    _("Write it in at least one language."),
                )
        return cleaned
