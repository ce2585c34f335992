"""The government's response to a recommendation, through draft, sign-off and publication."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from accounts.roles import HEAD, SECRETARIAT, CompanyScopedQuerySet, role_of
from ccec import history
from recommendations.choices import ResponseState, Stance


class ResponseQuerySet(CompanyScopedQuerySet):
    # Liaisons read only their own company's published responses.
    company_field = "recommendation__paper__company_id"
    liaison_only = {"state": ResponseState.PUBLISHED}

    def awaiting_signoff_by(self, user):
        """The sign-off queue: the head's own department, everything for the secretariat."""
        role = role_of(user)
        queue = self.filter(state=ResponseState.AWAITING_SIGNOFF)
        if role == SECRETARIAT:
            return queue
        if role == HEAD:
            return queue.filter(recommendation__lead_department_id=user.officer.department_id)
        return self.none()


class Response(models.Model):
    """The government response to one recommendation; only a published one reaches the company."""

    recommendation = models.OneToOneField(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        related_name="response",
        verbose_name=_("recommendation"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="responses", verbose_name=_("answering department")
    )
    stance = models.CharField(_("stance"), max_length=30, choices=Stance.choices)
    text = models.TextField(_("response text"))
    planned_measures = models.TextField(_("planned measures"), blank=True)
    # The department's planned completion date: publishing the response makes it the
    # recommendation's one target date (workflow.sign_off); from then on only an approved
    # extension moves that date, and this one stays as the plan the answer stated.
    target_date = models.DateField(
        _("planned completion date"),
        null=True,
        blank=True,
        help_text=_("Becomes the recommendation's target date when the response is published."),
    )
    state = models.CharField(
        _("workflow state"), max_length=20, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafted_responses",
        verbose_name=_("drafted by"),
    )
    submitted_at = models.DateTimeField(_("submitted for sign-off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_off_responses",
        verbose_name=_("signed off by"),
    )
    # The first publication: "answered by the deadline" reads it, and a revision keeps it.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # When a revision last replaced the published answer (ResponseRevision).
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True)
    review_comment = models.TextField(_("sign-off comment"), blank=True)
    # Counts the saves through workflow.py, so that an editor holding an older copy of the draft
    # sees a conflict instead of overwriting a colleague's text.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("Made up for the demo."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("government response")
        verbose_name_plural = _("government responses")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="response_published_has_date",
            ),
        ]
        indexes = [
            # The head's sign-off queue and the "response due" reminder filter on state.
            models.Index(fields=["state", "department"], name="response_state_dept_idx"),
            # The overview's latest publications.
            models.Index(fields=["-published_at"], name="response_published_idx"),
            # The figures' join to the response: its state and stance without the long texts.
            models.Index(
                fields=["recommendation"],
                include=["id", "state", "stance", "published_at"],
                name="response_figures_idx",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.reference}: {self.get_stance_display()}"

    def save(self, *args, **kwargs):
        if self.state == ResponseState.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        with transaction.atomic():
            # A save that changes nothing leaves no history row.
            with history.only_real_changes(self, hidden={"updated_at", "version", "text", "planned_measures"}):
                super().save(*args, **kwargs)
            # Publishing starts the reporting clock; the stance decides whether updates are due.
            self.recommendation.sync_progress()

    @property
    def is_published(self):
        return self.state == ResponseState.PUBLISHED
