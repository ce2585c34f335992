from django import forms
from django.utils.translation import gettext_lazy as _

from letters.content import BOTH, language_of
from meetings.models import Meeting

LANGUAGES = [("en", _("English")), ("zh-hans", _("Chinese")), (BOTH, _("Chinese and English"))]
FORMATS = [("pdf", "PDF"), ("docx", _("Word (editable)"))]


class IssueForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label=_("Annual meeting"), to_field_name="number")
    language = forms.ChoiceField(choices=LANGUAGES, label=_("Letter language"))
    file_format = forms.ChoiceField(choices=FORMATS, label=_("Format"))

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.filter(papers__company=company).distinct()
        self.fields["meeting"].queryset = meetings
        latest = meetings.order_by("-number").values_list("number", flat=True).first()
        self.initial.setdefault("meeting", latest)
        self.initial.setdefault("language", language_of(company))
