from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, StandIn
from companies.models import Company


class InviteForm(forms.Form):
    """The secretariat invites an officer, a head or a liaison by e-mail."""

    OFFICER, HEAD, LIAISON = "officer", "head", "liaison"

    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(OFFICER, _("Municipal officer")), (HEAD, _("Department head")), (LIAISON, _("Company liaison"))],
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.filter(is_active=True), required=False, label=_("Department")
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.filter(is_active=True), required=False, label=_("Company")
    )
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language of e-mails"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Someone already has an account with this e-mail address."))
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in (self.OFFICER, self.HEAD) and not cleaned.get("department"):
            self.add_error("department", _("Choose the department of the officer."))
        if role == self.LIAISON and not cleaned.get("company"):
            self.add_error("company", _("Choose the company of the liaison."))
        return cleaned


class StandInForm(forms.ModelForm):
    """An officer's time away and who stands in: the officer names it for themselves, the head
    for the department's officers, the secretariat for anyone."""

    class Meta:
        model = StandIn
        fields = ["officer", "stand_in", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, officers, stand_ins, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["officer"].queryset = officers
        self.fields["stand_in"].queryset = stand_ins
        for name in ("officer", "stand_in"):
            self.fields[name].label_from_instance = str
            self.fields[name].error_messages["invalid_choice"] = _("Choose one of the listed officers.")

    def clean(self):
        cleaned = super().clean()
        officer, stand_in = cleaned.get("officer"), cleaned.get("stand_in")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if officer and stand_in:
            if officer.pk == stand_in.pk:
                self.add_error("stand_in", _("Someone else must stand in."))
            elif officer.department_id != stand_in.department_id:
                self.add_error(
                    "stand_in",
                    _("The stand-in must be an officer of %(department)s.") % {"department": officer.department},
                )
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", _("The period ends before it starts."))
            elif ends_on < self.today:
                self.add_error("ends_on", _("This period is over already."))
            elif officer:
                taken = officer.away.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
                if taken:
                    self.add_error(
                        None,
                        _("%(name)s is away from %(start)s to %(end)s already: end that period first.")
                        % {"name": officer.name, "start": taken.starts_on, "end": taken.ends_on},
                    )
        return cleaned
