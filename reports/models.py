"""Report files built in the background."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from ccec.jobs import JobFailures, JobQuerySet
from meetings.models import Meeting, Topic


def report_upload_to(job, filename):
    return f"reports/{job.pk}/{filename}"


class ReportJob(JobFailures, models.Model):
    """A report file built by a Celery task because it takes a while; the page shows progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+", verbose_name=_("meeting"))
    file_format = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Whose eyes the report reads with (reports/audiences.py).
    audience = models.CharField(_("audience"), max_length=12, default="government")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Moves with every step of the work (jobs.py), so that a job nobody works on shows as stalled.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self):
        return f"{self.meeting} {self.file_format} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("report_job", args=[self.pk])
