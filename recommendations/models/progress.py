"""Progress updates: dated entries on a recommendation's implementation."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import CompanyScopedQuerySet
from ccec.uploads import validate_evidence
from recommendations.choices import ImplementationStatus, Visibility
from recommendations.models.recommendation import PROGRESS_RANGE


class ProgressUpdateQuerySet(CompanyScopedQuerySet):
    # Liaisons read only the updates shared with their own company.
    company_field = "recommendation__paper__company_id"
    liaison_only = {"visibility": Visibility.SHARED}


def evidence_upload_to(update, filename):
    return f"evidence/{update.recommendation.reference}/{filename}"


class ProgressUpdate(models.Model):
    """A dated entry on a recommendation's implementation; the latest one sets its status."""

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("recommendation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("author"),
    )
    # Set when a stand-in logged it while the recommendation's owner was away (StandIn).
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status after this update"), max_length=30, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress after this update (%)"))
    note = models.TextField(_("note"))
    evidence = models.FileField(
        _("evidence file"), upload_to=evidence_upload_to, blank=True, validators=[validate_evidence]
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("Made up for the demo."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        get_latest_by = ["date", "created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=PROGRESS_RANGE, name="update_progress_0_100"),
        ]
        indexes = [
            # The latest update of a recommendation (sync_progress, the timeline).
            models.Index(fields=["recommendation", "-date"], name="update_rec_date_idx"),
            # The overview's latest updates (without it, every update is sorted to find ten).
            models.Index(fields=["-created_at"], name="update_created_idx"),
        ]

    def __str__(self):
        return f"{self.recommendation.reference} {self.date}: {self.get_status_display()} {self.progress}%"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.recommendation.sync_progress()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.recommendation.sync_progress()
        return result
