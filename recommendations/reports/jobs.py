"""Report files built in the background (a Celery task), with progress on the job row."""

import tempfile

from django.core.files import File

from recommendations.models import ReportJob
from recommendations.reports.builder import build_report
from recommendations.reports.files import filename, write


def build_job(job_id):
    """Build the file of a ReportJob; progress and failure are written on the job row."""
    job = ReportJob.objects.select_related("meeting", "department", "topic", "company").get(pk=job_id)

    def progress(percent):
        ReportJob.objects.filter(pk=job.pk).update(progress=percent)

    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=5)
    try:
        report = build_report(
            job.meeting, language=job.language, department=job.department, topic=job.topic, company=job.company
        )
        progress(40)
        with tempfile.TemporaryFile() as output:
            write(report, job.file_format, output, progress=progress)
            output.seek(0)
            job.file.save(filename(report, job.file_format), File(output), save=False)
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.DONE, progress=100, file=job.file.name)
    except Exception as exc:
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
