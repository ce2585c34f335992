from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
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
