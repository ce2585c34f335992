"""The secretariat's form that opens the next annual meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting


class OpenMeetingForm(forms.ModelForm):
    """Meeting N+1: number, year, date, theme in both languages, response deadline. A number or
    a year that another meeting has is refused with a message; nothing is written."""

    class Meta:
        model = Meeting
        fields = ["number", "year", "date", "theme_en", "theme_zh_hans", "response_deadline"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "response_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"theme_en": _("Theme (English)"), "theme_zh_hans": _("Theme (Chinese)")}
        error_messages = {"number": {"unique": _("An annual meeting with this number exists already.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response_deadline"].required = False
        latest = Meeting.objects.order_by("-number").values("number", "year").first()
        if latest and not self.is_bound:
            self.initial.setdefault("number", latest["number"] + 1)
            self.initial.setdefault("year", latest["year"] + 1)

    def clean_year(self):
        year = self.cleaned_data["year"]
        taken = Meeting.objects.filter(year=year).values_list("number", flat=True).first()
        if taken is not None:
            raise forms.ValidationError(
                _("Annual meeting %(number)s is already the meeting of %(year)s.") % {"number": taken, "year": year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        date, deadline = cleaned.get("date"), cleaned.get("response_deadline")
        if date and deadline and deadline < date:
            self.add_error("response_deadline", _("The response deadline cannot be before the meeting date."))
        return cleaned
