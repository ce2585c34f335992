"""Celery tasks of the reports."""

from celery import shared_task
from django.utils import timezone

from reports import jobs
from reports.models import ReportJob


@shared_task
def build_report_file(job_id):
    """Build a report file that takes too long to stream, recording progress on the job."""
    jobs.build_job(job_id)


@shared_task
def sweep():
    """Every few minutes (beat): mark report jobs that stopped moving as failed."""
    return ReportJob.objects.stalled(timezone.now()).fail(ReportJob.STALLED)


@shared_task
def expire_files():
    """Nightly (beat): delete report files and their jobs older than FILE_RETENTION_DAYS."""
    return ReportJob.objects.expire(timezone.now())
