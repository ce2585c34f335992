"""The recommendation list and its downloads: one FilterSet, its state in the URL."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from ccec.queue import dispatch
from recommendations import exports, permissions, tasks
from recommendations.filters import RecommendationFilter
from recommendations.forms import BulkAssignmentForm
from recommendations.models import ExportJob, Recommendation

PAGE_SIZE = 50
# Sorted by a column, the list shows this many pages; past them it asks to refine the filter.
SORTED_PAGE_CAP = 100


def recommendation_list(request):
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.visible_to(request.user).for_list(), request=request
    )
    page, past_cap, sorted_by_column = None, False, False
    if filterset.is_valid():
        queryset = filterset.qs
        sorted_by_column = bool(filterset.form.cleaned_data.get("o"))
        if not sorted_by_column:
            queryset = queryset.order_by("sort_key")
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        if sorted_by_column and page.number > SORTED_PAGE_CAP:
            # No index serves a column's order: a deep page would sort every row to skip most.
            page, past_cap = page.paginator.page(SORTED_PAGE_CAP), True
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recommendations/recommendation_list.html",
        {
            "filterset": filterset,
            "page": page,
            "past_cap": past_cap,
            "sorted_by_column": sorted_by_column,
            "sorted_page_cap": SORTED_PAGE_CAP,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "is_liaison": roles.role_of(request.user) == roles.LIAISON,
            "bulk_form": BulkAssignmentForm() if roles.role_of(request.user) == roles.SECRETARIAT else None,
            "carried_into": filterset.form.cleaned_data.get("carried_into") if page is not None else None,
        },
    )


def recommendation_export(request, file_format):
    """The filtered list as a file: sent at once up to EXPORT_ASYNC_THRESHOLD rows, written by a
    background job (its page shows progress) above it."""
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.visible_to(request.user).for_list(), request=request
    )
    if not filterset.is_valid():
        messages.error(request, _("Fix the filters before downloading."))
        return redirect(f"{reverse('recommendations:list')}?{request.GET.urlencode()}")
    queryset = filterset.qs.order_by("sort_key")
    size = queryset.count()
    if size > settings.EXPORT_ASYNC_THRESHOLD:
        job = ExportJob.objects.create(
            requested_by=request.user,
            file_format=file_format,
            language=get_language(),
            query=request.GET.urlencode(),
            rows=size,
        )
        if not dispatch(tasks.build_export_file, str(job.pk)):
            ExportJob.objects.filter(pk=job.pk).fail(ExportJob.BROKER_DOWN)
        return redirect(job)
    show_drafts = permissions.sees_internal(request.user)
    content_type, extension = exports.FORMATS[file_format]
    if file_format == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(queryset, show_drafts, timezone.localdate()), content_type=content_type
        )
        response["Content-Disposition"] = f'attachment; filename="recommendations.{extension}"'
        return response
    # The file may be large: spool it to disk and let FileResponse send it in chunks.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    exports.write_file(queryset, request.user, "xlsx", spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"recommendations.{extension}", content_type=content_type)


def export_job(request, pk):
    # A job that stopped moving (its worker died) says so instead of refreshing forever.
    ExportJob.objects.filter(pk=pk, requested_by=request.user).stalled(timezone.now()).fail(ExportJob.STALLED)
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    return render(request, "recommendations/export_job.html", {"job": job})


@require_POST
def export_job_retry(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    restarted = ExportJob.objects.filter(pk=pk).restart()
    if restarted and not dispatch(tasks.build_export_file, str(job.pk)):
        ExportJob.objects.filter(pk=pk).fail(ExportJob.BROKER_DOWN)
    return redirect(job)


def export_job_file(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user, status=ExportJob.Status.DONE)
    content_type, extension = exports.FORMATS[job.file_format]
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=f"recommendations.{extension}", content_type=content_type
    )
