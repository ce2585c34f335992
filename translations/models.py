"""Bulk machine drafting, a background job with progress."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ccec.jobs import JobFailures, JobQuerySet


class TranslationJob(JobFailures, models.Model):
    """Machine drafts for every recommendation that needs a translation, drafted by a Celery
    task one by one; the page shows how far it got."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Drafting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("recommendations to draft"), default=0)
    drafted = models.PositiveIntegerField(_("drafted"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Moves with every recommendation drafted, so that a job nobody works on shows as stalled.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("translations:job", args=[self.pk])

    @property
    def progress(self):
        return round(100 * self.drafted / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)
