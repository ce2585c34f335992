"""What follows a response: company feedback, returned assignments, target-date extensions."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from accounts.roles import CompanyScopedQuerySet
from recommendations.choices import ExtensionStatus


class FeedbackQuerySet(CompanyScopedQuerySet):
    company_field = "response__recommendation__paper__company_id"


class Feedback(models.Model):
    """A liaison's rating of a published response, possibly asking for clarification."""

    response = models.ForeignKey(
        "recommendations.Response", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("response")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("author")
    )
    answer_satisfaction = models.PositiveSmallIntegerField(_("satisfaction with the answer (1-5)"))
    result_satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction with the result (1-5)"), null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    requests_clarification = models.BooleanField(_("requests clarification"), default=False)
    clarification_resolved_at = models.DateTimeField(_("clarification given at"), null=True, blank=True)
    # The department's answer to the request, in either language or both (translation.py).
    clarification = models.TextField(_("clarification"), blank=True)
    clarified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clarification given by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_satisfaction__gte=1, answer_satisfaction__lte=5), name="feedback_answer_1_5"
            ),
            models.CheckConstraint(
                condition=Q(result_satisfaction__isnull=True)
                | Q(result_satisfaction__gte=1, result_satisfaction__lte=5),
                name="feedback_result_1_5",
            ),
        ]
        indexes = [
            # The list's "open clarification request" filter.
            models.Index(
                fields=["response"],
                condition=Q(requests_clarification=True, clarification_resolved_at__isnull=True),
                name="feedback_open_clarif_idx",
            ),
        ]

    def __str__(self):
        return f"{self.response.recommendation.reference}: {self.answer_satisfaction}/5"


class ReturnedAssignment(models.Model):
    """A department gave a recommendation back to the secretariat (退办), saying why."""

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        related_name="returns",
        verbose_name=_("recommendation"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="returned_assignments", verbose_name=_("department")
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("returned by")
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("returned at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("returned assignment")
        verbose_name_plural = _("returned assignments")

    def __str__(self):
        return f"{self.recommendation.reference} ← {self.department}"


class DeadlineExtension(models.Model):
    """An officer asks to move a recommendation's target date; the head or the secretariat decides.

    Reminders follow the recommendation's target date, which changes only on approval; the
    request, the decision and the recommendation's history keep both dates.
    """

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("recommendation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    previous_date = models.DateField(_("target date before"), null=True, blank=True)
    requested_date = models.DateField(_("requested target date"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            # One open request at a time per recommendation.
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(status="pending"),
                name="extension_one_pending_per_recommendation",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.reference}: {self.previous_date} → {self.requested_date}"

    def decide(self, user, approve, comment=""):
        """Approve (the target date moves) or refuse, recording who and when."""
        with transaction.atomic():
            self.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
            self.decided_by = user
            self.decided_at = timezone.now()
            self.decision_comment = comment
            self.save()
            if approve:
                recommendation = self.recommendation
                recommendation.target_date = self.requested_date
                recommendation._change_reason = self.reason
                recommendation.save()
