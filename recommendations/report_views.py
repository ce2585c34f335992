"""The annual meeting report: the page and its downloads (thin: recommendations/reports/ works)."""

import tempfile

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from recommendations import roles, tasks
from recommendations.models import Department, Meeting, Recommendation, ReportJob, Topic
from recommendations.reports.builder import build_report, in_scope
from recommendations.reports.charts import report_charts
from recommendations.reports.files import FORMATS, filename, write


class ReportFilterForm(forms.Form):
    department = forms.ModelChoiceField(Department.objects.all(), required=False, label=_("Lead department"))
    topic = forms.ModelChoiceField(Topic.objects.all(), required=False, label=_("Topic"))
    company = forms.ModelChoiceField(Company.objects.all(), required=False, label=_("Company"), to_field_name="slug")
    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False, label=_("Language of the file"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if roles.role_of(user) == roles.LIAISON:
            # A liaison's report is their own company's extract.
            del self.fields["company"]


def scope_of(request, form):
    """The report's filters; a liaison always gets their own company's extract."""
    scope = {key: form.cleaned_data.get(key) for key in ("department", "topic", "company")}
    if roles.role_of(request.user) == roles.LIAISON:
        requested = request.GET.get("company")
        company = request.user.liaison.company
        if requested and requested != company.slug:
            raise Http404  # another company's sheet does not exist for this liaison
        scope["company"] = company
    return scope


def report_page(request, number):
    meeting = get_object_or_404(Meeting, number=number)
    form = ReportFilterForm(request.GET, user=request.user)
    report, charts = None, []
    if form.is_valid():
        report = build_report(meeting, language=get_language(), with_rows=False, **scope_of(request, form))
        charts = report_charts(report)
    response = render(
        request,
        "recommendations/report.html",
        {
            "meeting": meeting,
            "form": form,
            "report": report,
            "charts": charts,
            "meetings": Meeting.objects.order_by("-number"),
            "query": request.GET.urlencode(),
        },
    )
    for chart in charts:
        chart.close()
    return response


def report_download(request, number, file_format):
    meeting = get_object_or_404(Meeting, number=number)
    if file_format not in FORMATS:
        raise Http404
    form = ReportFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return redirect(f"{reverse('report', args=[number])}?{request.GET.urlencode()}")
    scope = scope_of(request, form)
    language = form.cleaned_data.get("language") or get_language()
    size = in_scope(Recommendation.objects.filter(paper__meeting=meeting), **scope).count()
    if size > settings.REPORT_ASYNC_THRESHOLD:
        job = ReportJob.objects.create(
            requested_by=request.user, meeting=meeting, file_format=file_format, language=language, **scope
        )
        transaction.on_commit(lambda: tasks.build_report_file.delay(str(job.pk)))
        return redirect(job)
    report = build_report(meeting, language=language, **scope)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    write(report, file_format, output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename(report, file_format), content_type=FORMATS[file_format][0]
    )


def report_job(request, pk):
    job = get_object_or_404(ReportJob.objects.select_related("meeting"), pk=pk, requested_by=request.user)
    return render(request, "recommendations/report_job.html", {"job": job})


def report_job_file(request, pk):
    job = get_object_or_404(ReportJob, pk=pk, requested_by=request.user, status=ReportJob.Status.DONE)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])


def report_latest(request):
    meeting = Meeting.objects.order_by("-number").first()
    if meeting is None:
        raise Http404
    return redirect("report", number=meeting.number)
