"""The translation screen's form: both languages of a recommendation, side by side."""

from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.choices import Translation
from recommendations.models import Recommendation

# What a person says of the translation they saved (a machine draft becomes one of these).
PERSON_KINDS = [(kind.value, kind.label) for kind in Translation if kind != Translation.MACHINE]


class TranslationForm(forms.ModelForm):
    translation = forms.ChoiceField(choices=PERSON_KINDS, label=_("Kind of translation"))

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
        for name in ("title_en", "title_zh_hans", "text_en", "text_zh_hans"):
            self.fields[name].required = False
        # Saving a machine draft is a person confirming it; by default as their own translation.
        if self.instance.translation in ("", Translation.MACHINE):
            self.initial["translation"] = Translation.PERSON

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name in ("title_en", "title_zh_hans")):
            self.add_error("title_en", _("A recommendation needs a title in at least one language."))
        return cleaned
