"""Downloads of a long recommendation list, written by a background job."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ccec.jobs import JobFailures, JobQuerySet


def export_upload_to(job, filename):
    return f"exports/{job.pk}/{filename}"


class ExportJob(JobFailures, models.Model):
    """The CSV or XLSX file of a filtered list too long to write during a request
    (EXPORT_ASYNC_THRESHOLD rows); its page shows progress, then the file."""

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
    file_format = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The list's filters as its URL had them: the job filters again, as the requester sees.
    query = models.TextField(_("filters"), blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("list download")
        verbose_name_plural = _("list downloads")

    def __str__(self):
        return f"{self.file_format} {self.rows} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("recommendations:export_job", args=[self.pk])
