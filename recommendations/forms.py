"""The forms of the recommendation page: progress, response, sign-off, return, feedback, extensions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Officer
from ccec.bilingual import BilingualFormMixin, both
from ccec.widgets import fast_selects
from recommendations.models import Feedback, ProgressUpdate, Response, ResponseRevision

RATINGS = [(n, str(n)) for n in range(1, 6)]


class PageForm:
    """A form of the recommendation page, whose forms share field names (`reason`, `comment`):
    each gets its own element ids, so that every label points at its own field."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ProgressUpdateForm(PageForm, BilingualFormMixin, forms.ModelForm):
    """The officer's quick form: status, %, a note in either language or both, optional
    evidence, who may see it."""

    id_prefix = "progress"

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


class ResponseForm(PageForm, BilingualFormMixin, forms.ModelForm):
    """The department's answer: the stance, and the text and planned measures in either
    language or both."""

    id_prefix = "response"

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


class SignOffForm(PageForm, forms.Form):
    id_prefix = "signoff"
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


class ReturnAssignmentForm(PageForm, forms.Form):
    id_prefix = "return"
    reason = forms.CharField(
        label=_("Why does this recommendation not belong to your department?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        min_length=5,
    )


class FeedbackForm(PageForm, forms.ModelForm):
    id_prefix = "feedback"
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


class ClarificationForm(PageForm, BilingualFormMixin, forms.ModelForm):
    """The department's answer to a company's clarification request, in either language or both."""

    id_prefix = "clarification"
    bilingual = ("clarification",)
    bilingual_required = ("clarification",)

    class Meta:
        model = Feedback
        fields = [*both("clarification")]
        widgets = dict.fromkeys(both("clarification"), forms.Textarea(attrs={"rows": 4}))


class ExtensionRequestForm(PageForm, forms.Form):
    id_prefix = "extension"
    requested_date = forms.DateField(label=_("New target date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Why is more time needed?"), widget=forms.Textarea(attrs={"rows": 2}), min_length=5
    )


class ExtensionDecisionForm(PageForm, forms.Form):
    id_prefix = "decision"
    APPROVE = "approve"
    REFUSE = "refuse"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve the new date")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignmentForm(PageForm, forms.Form):
    """The secretariat sets the lead and supporting departments, with a note for them."""

    id_prefix = "assignment"

    lead_department = forms.ModelChoiceField(
        Department.objects.filter(is_active=True), label=_("Lead department"), empty_label=None
    )
    supporting_departments = forms.ModelMultipleChoiceField(
        Department.objects.filter(is_active=True),
        required=False,
        label=_("Supporting departments"),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note for the departments"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_department")
        if lead and lead in (cleaned.get("supporting_departments") or []):
            self.add_error("supporting_departments", _("The lead department cannot also be a supporting department."))
        return cleaned


class BulkAssignmentForm(PageForm, forms.Form):
    """Assign the rows ticked on the list, or every recommendation its filter matches."""

    id_prefix = "bulk"

    lead_department = forms.ModelChoiceField(
        Department.objects.filter(is_active=True), label=_("Lead department"), empty_label=_("Choose a department")
    )
    note = forms.CharField(label=_("Note for the department"), required=False, max_length=1000)
    scope = forms.ChoiceField(
        choices=[("selected", _("The ticked rows")), ("all", _("All recommendations this filter finds"))],
        initial="selected",
        widget=forms.RadioSelect,
        label=_("Assign"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fast_selects(self)  # it sits on the list page, whose time counts


class LinkForm(PageForm, forms.Form):
    """The secretariat links a related recommendation by its reference."""

    id_prefix = "link"
    reference = forms.CharField(label=_("Reference of the related recommendation"), max_length=20)


class ReopenForm(PageForm, forms.Form):
    """Why the secretariat reopens a published response (the department reads it)."""

    id_prefix = "reopen"
    reason = forms.CharField(
        label=_("Why should the department answer again?"), widget=forms.Textarea(attrs={"rows": 2}), min_length=5
    )


class OwnerForm(PageForm, forms.Form):
    """The head or the secretariat names the officer of the lead department who owns it."""

    id_prefix = "owner"
    officer = forms.ModelChoiceField(
        label=_("Change the owner"),
        queryset=Officer.objects.none(),
        required=False,
        empty_label=_("Nobody: every officer of the department"),
        error_messages={"invalid_choice": _("Choose an officer of the lead department.")},
    )

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = Officer.objects.filter(
            department=department, user__is_active=True
        ).select_related("user", "department")
        self.fields["officer"].label_from_instance = lambda officer: officer.name


class RevisionForm(ResponseForm):
    """A revision of the published answer: the same fields, and why it is revised."""

    id_prefix = "revision"

    class Meta(ResponseForm.Meta):
        model = ResponseRevision
        fields = [*ResponseForm.Meta.fields, "reason"]
        widgets = {**ResponseForm.Meta.widgets, "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, published=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.published = published

    @classmethod
    def from_published(cls, response):
        """A first draft that starts from the published answer."""
        initial = {field: getattr(response, field) for field in cls.Meta.fields if field != "reason"}
        return cls(initial=initial, published=response)

    def clean(self):
        """A text changed in one language while the other still reads as the published answer
        would tell the two languages' readers different things: refused, with what to do."""
        cleaned = super().clean()
        if self.published is None:
            return cleaned
        for name in self.bilingual:
            english, chinese = f"{name}_en", f"{name}_zh_hans"
            old = {field: (getattr(self.published, field) or "").strip() for field in (english, chinese)}
            new = {field: (cleaned.get(field) or "").strip() for field in (english, chinese)}
            for changed, stale in ((english, chinese), (chinese, english)):
                if new[changed] != old[changed] and new[stale] and new[stale] == old[stale]:
                    self.add_error(
                        stale,
                        _(
                            "This still reads as the published answer while the other language changed: "
                            "revise it too, or empty it to have it translated."
                        ),
                    )
        return cleaned


class RevisionSignOffForm(SignOffForm):
    id_prefix = "revision_signoff"

    decision = forms.ChoiceField(
        choices=[
            (SignOffForm.PUBLISH, _("Publish the revised answer")),
            (SignOffForm.SEND_BACK, _("Send it back to the officer")),
        ],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
