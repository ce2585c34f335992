"""Celery tasks of the recommendation list."""

from celery import shared_task
from django.utils import timezone

from recommendations import export_jobs
from recommendations.models import ExportJob


@shared_task
def build_export_file(job_id):
    """Write a list download too long for a request, recording progress on the job."""
    export_jobs.build_job(job_id)


@shared_task
def sweep_exports():
    """Every few minutes (beat): mark list downloads that stopped moving as failed."""
    return ExportJob.objects.stalled(timezone.now()).fail(ExportJob.STALLED)


@shared_task
def expire_exports():
    """Nightly (beat): delete list downloads and their jobs older than FILE_RETENTION_DAYS."""
    return ExportJob.objects.expire(timezone.now())
