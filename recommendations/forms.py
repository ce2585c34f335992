"""The forms of the recommendation page: progress, response, sign-off, return, feedback, extensions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ccec.bilingual import BilingualFormMixin, both
from recommendations.models import Feedback, ProgressUpdate, Response

RATINGS = [(n, str(n)) for n in range(1, 6)]


class ProgressUpdateForm(BilingualFormMixin, forms.ModelForm):
    """The officer's quick form: status, %, a note in either language or both, optional
    evidence, who may see it."""

    bilingual = bilingual_required = ("note",)

    class Meta:
        model = ProgressUpdate
        fields = ["status", "progress", *both("note"), "evidence", "visibility"]
        widgets = {
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            **dict.fromkeys(both("note"), forms.Textarea(attrs={"rows": 3})),
            "visibility": forms.RadioSelect,
        }

    def clean_progress(self):
        progress = self.cleaned_data["progress"]
        if not 0 <= progress <= 100:
            raise ValidationError(_("Progress is a percentage from 0 to 100."))
        return progress


class ResponseForm(BilingualFormMixin, forms.ModelForm):
    """The department's answer: the stance, and the text and planned measures in either
    language or both."""

    # The draft's version when the form was opened (workflow.save_response compares it).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    bilingual = ("text", "planned_measures")
    bilingual_required = ("text",)

    class Meta:
        model = Response
        fields = ["stance", *both("text"), *both("planned_measures"), "target_date"]
        widgets = {
            **dict.fromkeys(both("text"), forms.Textarea(attrs={"rows": 5})),
            **dict.fromkeys(both("planned_measures"), forms.Textarea(attrs={"rows": 3})),
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
