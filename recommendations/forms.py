import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from recommendations.importing.text import UnreadableFile, lines_from_file
from recommendations.models import Department, Feedback, PaperImport, ProgressUpdate, Response, Topic
from recommendations.validators import validate_paper_document

RATINGS = [(n, str(n)) for n in range(1, 6)]


class ProgressUpdateForm(forms.ModelForm):
    """The officer's quick form: status, %, a note, optional evidence, who may see it."""

    class Meta:
        model = ProgressUpdate
        fields = ["status", "progress", "note", "evidence", "visibility"]
        widgets = {
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }

    def clean_progress(self):
        progress = self.cleaned_data["progress"]
        if not 0 <= progress <= 100:
            raise ValidationError(_("Progress is a percentage from 0 to 100."))
        return progress


class ResponseForm(forms.ModelForm):
    # The draft's version when the form was opened (workflow.save_response compares it).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Response
        fields = ["stance", "text", "planned_measures", "target_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "planned_measures": forms.Textarea(attrs={"rows": 3}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0

    def after_conflict(self, current):
        """Keep what this person typed, but carry the current version so that their next save,
        once they have merged the two texts, goes through."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version


class SignOffForm(forms.Form):
    PUBLISH = "publish"
    SEND_BACK = "send_back"

    decision = forms.ChoiceField(
        choices=[(PUBLISH, _("Publish the response")), (SEND_BACK, _("Send it back to the officer"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    comment = forms.CharField(
        label=_("Comment for the officer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.SEND_BACK and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what should change when sending a response back."))
        return cleaned


class ReturnAssignmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does this recommendation not belong to your department?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        min_length=5,
    )


class FeedbackForm(forms.ModelForm):
    answer_satisfaction = forms.TypedChoiceField(
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, label=_("How satisfied are you with the answer?")
    )
    result_satisfaction = forms.TypedChoiceField(
        choices=[("", _("Too early to say")), *RATINGS],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("How satisfied are you with the result so far?"),
    )

    class Meta:
        model = Feedback
        fields = ["answer_satisfaction", "result_satisfaction", "comment", "requests_clarification"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}
        labels = {"requests_clarification": _("I would like the department to clarify its answer")}


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


class ExtensionRequestForm(forms.Form):
    requested_date = forms.DateField(label=_("New target date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Why is more time needed?"), widget=forms.Textarea(attrs={"rows": 2}), min_length=5
    )


class ExtensionDecisionForm(forms.Form):
    APPROVE = "approve"
    REFUSE = "refuse"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve the new date")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PaperUploadForm(forms.ModelForm):
    """Upload a paper for a meeting; a small file is read at once so a bad one is refused here."""

    class Meta:
        model = PaperImport
        fields = ["meeting", "company", "document"]
        help_texts = {"company": _("Leave empty to take the company the paper names, if any.")}

    def clean_document(self):
        document = self.cleaned_data["document"]
        self.lines = None
        validate_paper_document(document)  # type and size before trying to read it
        if document.size <= settings.IMPORT_READ_AT_ONCE_BYTES:
            suffix = Path(document.name).suffix.lower()
            with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
                for chunk in document.chunks():
                    copy.write(chunk)
                copy.flush()
                try:
                    self.lines = lines_from_file(copy.name)
                except UnreadableFile as exc:
                    raise ValidationError(str(exc)) from None
            document.seek(0)
        return document


class PaperDetailsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    authors = forms.CharField(label=_("Authors"), max_length=300, required=False)
    company = forms.ModelChoiceField(Company.objects.all(), required=False, label=_("Company"))
    position = forms.IntegerField(
        label=_("Position in the book"), min_value=1, required=False, help_text=_("Empty: after the last paper.")
    )
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language of the paper"))


class CandidateForm(forms.Form):
    key = forms.IntegerField(widget=forms.HiddenInput, required=False)
    keep = forms.BooleanField(label=_("Keep"), required=False, initial=True)
    order = forms.IntegerField(label=_("Order"), min_value=0)
    number = forms.CharField(label=_("Number as printed"), max_length=30, required=False)
    title = forms.CharField(label=_("Title"), max_length=500)
    text = forms.CharField(label=_("Full text"), widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.CharField(label=_("Sub-point of (number)"), max_length=30, required=False)
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(), required=False, label=_("Topics"), widget=forms.CheckboxSelectMultiple
    )
    merge = forms.BooleanField(label=_("Merge into the one above"), required=False)
    split_at = forms.CharField(
        label=_("Split before these words"),
        max_length=200,
        required=False,
        help_text=_("Paste the words where a second recommendation begins."),
    )


CandidateFormSet = forms.formset_factory(CandidateForm, extra=0)
