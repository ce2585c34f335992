"""The translation screen's form: both languages of a recommendation, side by side."""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.choices import Translation
from recommendations.models import Recommendation

TEXT_FIELDS = ("title_en", "text_en", "title_zh_hans", "text_zh_hans")


def fingerprint(recommendation):
    """The four texts as they were when a form was opened: a later save by someone else shows."""
    joined = "\x00".join(getattr(recommendation, name) or "" for name in TEXT_FIELDS)
    return hashlib.sha256(joined.encode()).hexdigest()


# What a person says of the translation they saved (a machine draft becomes one of these).
PERSON_KINDS = [(kind.value, kind.label) for kind in Translation if kind != Translation.MACHINE]


class TranslationForm(forms.ModelForm):
    translation = forms.ChoiceField(choices=PERSON_KINDS, label=_("Kind of translation"))
    # The texts' fingerprint when the form was opened (views.translate compares it).
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Recommendation
        fields = ["title_en", "text_en", "title_zh_hans", "text_zh_hans", "source_language", "translation"]
        labels = {
            "title_en": _("Title"),
            "text_en": _("Full text"),
            "title_zh_hans": _("Title"),
            "text_zh_hans": _("Full text"),
        }
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 14, "lang": "en"}),
            "text_zh_hans": forms.Textarea(attrs={"rows": 14, "lang": "zh-hans"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "title_zh_hans": forms.TextInput(attrs={"lang": "zh-hans"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS:
            self.fields[name].required = False
        self.fields["opened"].initial = fingerprint(self.instance)
        # Saving a machine draft is a person confirming it; by default as their own translation.
        if self.instance.translation in ("", Translation.MACHINE):
            self.initial["translation"] = Translation.PERSON

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name in ("title_en", "title_zh_hans")):
            self.add_error("title_en", _("A recommendation needs a title in at least one language."))
        return cleaned
