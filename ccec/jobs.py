"""Background jobs that are rows with a status (a report being built, a paper being read)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    """Background jobs with a status (ReportJob, PaperImport): find and fail stalled ones."""

    def stalled(self, now):
        cutoff = now - datetime.timedelta(minutes=settings.JOB_STALL_MINUTES)
        return self.filter(status__in=self.model.ACTIVE_STATUSES, updated_at__lt=cutoff)

    def restart(self):
        """Queue these jobs (ReportJob, ExportJob: those with a progress column) again if they
        failed; returns how many were, so of two clicks at once only one dispatches."""
        return self.filter(status=self.model.Status.FAILED).update(
            status=self.model.Status.QUEUED, progress=0, error="", updated_at=timezone.now()
        )

    def expired(self, now):
        """Jobs not active and untouched for FILE_RETENTION_DAYS: their files may go."""
        cutoff = now - datetime.timedelta(days=settings.FILE_RETENTION_DAYS)
        return self.filter(updated_at__lt=cutoff).exclude(status__in=self.model.ACTIVE_STATUSES)

    def expire(self, now, field="file", keep_rows=False):
        """Delete the stored files of the expired jobs, through the storage API (any storage),
        and the rows themselves unless `keep_rows` (then the field is emptied); returns how
        many. The row goes first: a file left behind by a failed delete is only disk space."""
        count = 0
        for job in self.expired(now).iterator():
            stored = getattr(job, field)
            name, storage = stored.name, stored.storage
            if keep_rows:
                type(job).objects.filter(pk=job.pk).update(**{field: ""})
            else:
                job.delete()
            if name:
                storage.delete(name)
            count += 1
        return count

    def fail(self, reason):
        """Mark these jobs failed with `reason` (a code of the model's FAILURES, or a message)."""
        return self.update(status=self.model.Status.FAILED, error=reason, updated_at=timezone.now())


class JobFailures:
    """What went wrong with a job, in words for its page (a code, or the error itself)."""

    BROKER_DOWN = "broker-unavailable"
    STALLED = "stalled"

    @property
    def can_retry(self):
        """Whether trying again may help: the service failed, not the input."""
        return self.error in (self.BROKER_DOWN, self.STALLED)

    @property
    def failure_message(self):
        if self.error == self.BROKER_DOWN:
            return _("The background service did not answer, so the work could not start. Try again in a moment.")
        if self.error == self.STALLED:
            return _("The work stopped without finishing (the background service may have restarted). Try again.")
        return self.error
