"""Report files built in the background (a Celery task), with progress on the job row."""

import tempfile

from django.core.files import File
from django.utils import timezone

from reports import audiences
from reports.builder import build_report
from reports.files import filename, write
from reports.models import ReportJob


def build_job(job_id):
    """Build the file of a ReportJob; progress and failure are written on the job row."""
    job = ReportJob.objects.select_related("meeting", "department", "topic", "company").get(pk=job_id)

    def progress(percent):
        ReportJob.objects.filter(pk=job.pk).update(progress=percent, updated_at=timezone.now())

    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=5, updated_at=timezone.now())
    try:
        report = build_report(
            job.meeting,
            language=job.language,
            department=job.department,
            topic=job.topic,
            company=job.company,
            viewer=audiences.viewer_for(job.audience, job.company_id),
        )
        progress(40)
        with tempfile.TemporaryFile() as output:
            write(report, job.file_format, output, progress=progress)
            output.seek(0)
            job.file.save(filename(report, job.file_format), File(output), save=False)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.DONE, progress=100, file=job.file.name, updated_at=timezone.now()
        )
    except Exception as exc:
        ReportJob.objects.filter(pk=job.pk).fail(f"{type(exc).__name__}: {exc}")
        raise
