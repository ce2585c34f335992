"""The annual meeting report: the page and its downloads (thin: builder.py and files.py work)."""

import tempfile
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import Department
from accounts.roles import company_view
from ccec.queue import dispatch
from ccec.widgets import fast_selects
from companies.models import Company
from meetings.models import Meeting, Topic
from recommendations import performance
from recommendations.models import Recommendation
from reports import audiences, tasks, xlsx
from reports.builder import build_report, changes_shown, in_scope
from reports.charts import dashboard_charts, page_charts
from reports.files import FORMATS, filename, write
from reports.models import ReportJob


class ReportFilterForm(forms.Form):
    department = forms.ModelChoiceField(Department.objects.all(), required=False, label=_("Lead department"))
    topic = forms.ModelChoiceField(Topic.objects.all(), required=False, label=_("Topic"))
    company = forms.ModelChoiceField(Company.objects.all(), required=False, label=_("Company"), to_field_name="slug")
    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False, label=_("Language of the file"))
    audience = forms.ChoiceField(
        choices=[
            (audiences.GOVERNMENT, _("Government view: all progress the departments logged")),
            (audiences.PUBLIC, _("Public record: progress shared with the companies only")),
        ],
        required=False,
        label=_("Figures"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        fast_selects(self)
        if roles.role_of(user) == roles.LIAISON:
            # A liaison's report is their own company's extract, as the company sees it.
            del self.fields["company"]
            del self.fields["audience"]


def scope_of(request, form):
    """The report's filters and viewer; a liaison always gets their own company's extract."""
    scope = {key: form.cleaned_data.get(key) for key in ("department", "topic", "company")}
    if roles.role_of(request.user) == roles.LIAISON:
        requested = request.GET.get("company")
        company = request.user.liaison.company
        if requested and requested != company.slug:
            raise Http404  # another company's sheet does not exist for this liaison
        scope["company"] = company
        scope["viewer"] = company_view(company.pk)
    else:
        scope["viewer"] = audiences.viewer_for(form.cleaned_data.get("audience"))
    return scope


def report_page(request, number):
    meeting = get_object_or_404(Meeting, number=number)
    form = ReportFilterForm(request.GET, user=request.user)
    report, charts, changes = None, [], []
    if form.is_valid():
        report = build_report(meeting, language=get_language(), with_rows=False, **scope_of(request, form))
        charts = page_charts(report)
        changes = changes_shown(report)
    return render(
        request,
        "reports/report.html",
        {
            "meeting": meeting,
            "form": form,
            "report": report,
            "charts": charts,
            "changes": changes,
            "meetings": Meeting.objects.order_by("-number"),
            "query": request.GET.urlencode(),
        },
    )


def report_download(request, number, file_format):
    meeting = get_object_or_404(Meeting, number=number)
    if file_format not in FORMATS:
        raise Http404
    form = ReportFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return redirect(f"{reverse('report', args=[number])}?{request.GET.urlencode()}")
    scope = scope_of(request, form)
    language = form.cleaned_data.get("language") or get_language()
    viewer = scope.pop("viewer")
    size = in_scope(Recommendation.objects.filter(paper__meeting=meeting), **scope).count()
    if size > settings.REPORT_ASYNC_THRESHOLD:
        job = ReportJob.objects.create(
            requested_by=request.user,
            meeting=meeting,
            file_format=file_format,
            language=language,
            audience=audiences.audience_of(viewer),
            **scope,
        )
        if not dispatch(tasks.build_report_file, str(job.pk)):
            ReportJob.objects.filter(pk=job.pk).fail(ReportJob.BROKER_DOWN)
        return redirect(job)
    report = build_report(meeting, language=language, viewer=viewer, **scope)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    write(report, file_format, output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename(report, file_format), content_type=FORMATS[file_format][0]
    )


def report_job(request, pk):
    # A job that stopped moving (its worker died) says so instead of refreshing forever.
    ReportJob.objects.filter(pk=pk, requested_by=request.user).stalled(timezone.now()).fail(ReportJob.STALLED)
    job = get_object_or_404(ReportJob.objects.select_related("meeting"), pk=pk, requested_by=request.user)
    return render(request, "reports/job.html", {"job": job})


@require_POST
def report_job_retry(request, pk):
    job = get_object_or_404(ReportJob, pk=pk, requested_by=request.user)
    restarted = ReportJob.objects.filter(pk=pk).restart()
    if restarted and not dispatch(tasks.build_report_file, str(job.pk)):
        ReportJob.objects.filter(pk=pk).fail(ReportJob.BROKER_DOWN)
    return redirect(job)


def report_job_file(request, pk):
    job = get_object_or_404(ReportJob, pk=pk, requested_by=request.user, status=ReportJob.Status.DONE)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])


class DashboardForm(forms.Form):
    meeting = forms.ModelChoiceField(
        Meeting.objects.order_by("-number"), required=False, label=_("Annual meeting"), empty_label=_("All meetings")
    )
    o = forms.CharField(required=False, widget=forms.HiddenInput)


def department_dashboard(request, file_format=None):
    """How each department answers and implements (performance.py); the government's only."""
    if roles.role_of(request.user) not in roles.INTERNAL_ROLES:
        raise Http404  # a liaison: no such page
    form = DashboardForm(request.GET)
    meeting = form.cleaned_data["meeting"] if form.is_valid() else None
    order = (form.cleaned_data.get("o") if form.is_valid() else "") or "name"
    dashboard = performance.build(meeting, order=order)
    if file_format == "xlsx":
        output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
        xlsx.dashboard_workbook(dashboard, output)
        output.seek(0)
        name = f"departments-{meeting.number if meeting else 'all'}-{dashboard.today.isoformat()}.xlsx"
        return FileResponse(output, as_attachment=True, filename=name, content_type=FORMATS["xlsx"][0])
    query = {"meeting": meeting.pk} if meeting else {}
    return render(
        request,
        "reports/departments.html",
        {
            "form": form,
            "dashboard": dashboard,
            "headers": sort_headers(order),
            "order": order,
            "query": urlencode(query),
            "sort_query": urlencode(query) + "&" if query else "",
            "charts": dashboard_charts(dashboard),
        },
    )


def sort_headers(order):
    """The dashboard's column headers: each a link that sorts by it (again: the other way)."""
    headers = []
    for key, label in [("name", _("Department")), *((column.key, column.label) for column in performance.COLUMNS)]:
        state = "ascending" if order == key else "descending" if order == f"-{key}" else ""
        headers.append({"label": label, "next": f"-{key}" if order == key else key, "state": state})
    return headers


def report_latest(request):
    meeting = Meeting.objects.order_by("-number").first()
    if meeting is None:
        raise Http404
    return redirect("report", number=meeting.number)
