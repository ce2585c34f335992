import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ccec.uploads import validate_paper_document
from companies.models import Company
from imports.models import PaperImport
from imports.reading.text import UnreadableFile, lines_from_file
from meetings.models import Topic


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
    title = forms.CharField(label=_("Title, in the paper's language"), max_length=500, required=False)
    authors = forms.CharField(label=_("Authors"), max_length=300, required=False)
    company = forms.ModelChoiceField(Company.objects.all(), required=False, label=_("Company"))
    position = forms.IntegerField(
        label=_("Position in the book"), min_value=1, required=False, help_text=_("Empty: after the last paper.")
    )
    language = forms.ChoiceField(
        choices=settings.LANGUAGES,
        label=_("Language of the paper"),
        help_text=_("Titles and texts below are saved in this language; the other one then needs a translation."),
    )


class CandidateForm(forms.Form):
    key = forms.IntegerField(widget=forms.HiddenInput, required=False)
    keep = forms.BooleanField(label=_("Keep"), required=False, initial=True)
    order = forms.IntegerField(label=_("Order"), min_value=0)
    number = forms.CharField(label=_("Number as printed"), max_length=30, required=False)
    title = forms.CharField(label=_("Title, in the paper's language"), max_length=500)
    text = forms.CharField(label=_("Full text, in the paper's language"), widget=forms.Textarea(attrs={"rows": 4}))
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
