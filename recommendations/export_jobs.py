"""Long list downloads written in the background (a Celery task), with progress on the job row."""

import io
import tempfile
from types import SimpleNamespace

from django.core.files import File
from django.http import QueryDict
from django.utils import timezone, translation

from recommendations import exports
from recommendations.filters import RecommendationFilter
from recommendations.models import ExportJob, Recommendation


def filtered(query, user):
    """The list `user` sees with the filters of `query` (a URL query string), in list order."""
    data = QueryDict(query)
    filterset = RecommendationFilter(
        data,
        queryset=Recommendation.objects.visible_to(user).for_list(),
        request=SimpleNamespace(user=user, GET=data),
    )
    if not filterset.is_valid():
        return None
    return filterset.qs.order_by("sort_key")


def build_job(job_id):
    """Write the file of an ExportJob; progress and failure are written on the job row."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)

    def progress(percent):
        ExportJob.objects.filter(pk=job.pk).update(progress=percent, updated_at=timezone.now())

    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, progress=5, updated_at=timezone.now())
    try:
        with translation.override(job.language):
            queryset = filtered(job.query, job.requested_by)
            if queryset is None:
                raise ValueError("The filters are no longer valid.")
            with tempfile.TemporaryFile() as output:
                if job.file_format == "csv":
                    text = io.TextIOWrapper(output, encoding="utf-8", newline="")
                    exports.write_file(queryset, job.requested_by, "csv", text)
                    text.flush()
                    text.detach()
                else:
                    exports.write_file(queryset, job.requested_by, "xlsx", output, progress=progress, total=job.rows)
                output.seek(0)
                job.file.save(f"recommendations.{job.file_format}", File(output), save=False)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.DONE, progress=100, file=job.file.name, updated_at=timezone.now()
        )
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).fail(f"{type(exc).__name__}: {exc}")
        raise
