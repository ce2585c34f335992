"""Spreadsheets in, on the site: the department workbook (imports/workbook.py; officers, heads,
the secretariat) and the history of earlier meetings (imports/history.py; the secretariat).
Each is downloaded, uploaded, previewed, and applied on confirmation, or not at all."""

import hashlib
import io
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import Department
from ccec.queue import dispatch
from ccec.uploads import UploadValidator
from imports import history, tasks, workbook
from imports.models import WorkbookImport
from imports.sheets import StoredPreview
from imports.workbook_jobs import MODULES

DEPARTMENT, HISTORY = WorkbookImport.Kind.DEPARTMENT, WorkbookImport.Kind.HISTORY
CHECKING, CHECKED, APPLYING, FAILED = (
    WorkbookImport.Status.CHECKING,
    WorkbookImport.Status.CHECKED,
    WorkbookImport.Status.APPLYING,
    WorkbookImport.Status.FAILED,
)
EXAMPLE = Path(__file__).resolve().parent / "examples" / "history-example.xlsx"


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled workbook (.xlsx)"),
        validators=[UploadValidator([".xlsx"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def allowed(request, kind):
    """A department workbook is for the government side; the history for the secretariat."""
    role = roles.role_of(request.user)
    if role not in (roles.INTERNAL_ROLES if kind == DEPARTMENT else {roles.SECRETARIAT}):
        raise Http404


def attachment(write, name):
    output = io.BytesIO()
    write(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=f"{name}-{timezone.localdate().isoformat()}.xlsx")


class DepartmentChoiceForm(forms.Form):
    """The secretariat's workbook: one department's recommendations, or every one (capped)."""

    department = forms.ModelChoiceField(
        Department.objects.filter(is_active=True),
        required=False,
        label=gettext_lazy("Lead department"),
        empty_label=gettext_lazy("All departments"),
    )


def workbook_download(request):
    allowed(request, DEPARTMENT)
    form = DepartmentChoiceForm(request.GET)
    department = form.cleaned_data["department"] if form.is_valid() else None
    if roles.role_of(request.user) != roles.SECRETARIAT:
        department = None  # an officer's workbook is their department's anyway
    return attachment(lambda output: workbook.write(request.user, output, get_language(), department), "ccec-workbook")


def history_template(request):
    allowed(request, HISTORY)
    return attachment(lambda output: history.template(output, get_language()), "ccec-history-template")


def upload(request, kind, template_name, context=None):
    """Upload a filled sheet: it is checked and shown as a preview; nothing is written yet. A
    large file is checked by a background job while its page shows progress."""
    allowed(request, kind)
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        if len(content) > settings.SPREADSHEET_ASYNC_KB * 1024:
            return redirect(start_check(request, kind, content))
        preview = MODULES[kind].read(content, request.user)
        record, created = WorkbookImport.objects.get_or_create(
            digest=preview.digest, user=request.user, defaults={"kind": kind}
        )
        if created or not record.file:
            record.file.save(f"{preview.digest[:16]}.xlsx", ContentFile(content))
        return redirect(record)
    return render(request, template_name, {"form": form, **(context or {})})


def start_check(request, kind, content):
    """The row of a large file, its check queued (once: the same file again finds its row)."""
    digest = hashlib.sha256(content).hexdigest()
    record, created = WorkbookImport.objects.get_or_create(
        digest=digest,
        user=request.user,
        defaults={"kind": kind, "background": True, "status": CHECKING, "language": get_language()},
    )
    if created or (not record.file and record.applied_at is None):  # new, or its file expired
        record.file.save(f"{digest[:16]}.xlsx", ContentFile(content))
        WorkbookImport.objects.filter(pk=record.pk).update(status=CHECKING, progress=0, error="", preview={})
        if not dispatch(tasks.check_spreadsheet, record.pk):
            WorkbookImport.objects.filter(pk=record.pk).fail(WorkbookImport.BROKER_DOWN)
    return record


def workbook_upload(request):
    secretariat = roles.role_of(request.user) == roles.SECRETARIAT
    context = {"department_form": DepartmentChoiceForm() if secretariat else None, "limit": workbook.MAX_ROWS}
    return upload(request, DEPARTMENT, "imports/workbook_upload.html", context)


def history_upload(request):
    return upload(request, HISTORY, "imports/history_upload.html")


def checked(request, pk, kind):
    allowed(request, kind)
    record = get_object_or_404(WorkbookImport, pk=pk, user=request.user, kind=kind)  # another's upload: 404
    if not record.file and (record.applied_at is None or not record.background):
        raise Http404  # its file was deleted after FILE_RETENTION_DAYS: upload it again
    if record.background:
        return record, StoredPreview(record)
    with record.file.open("rb") as sheet:
        return record, MODULES[kind].read(sheet.read(), request.user)


def preview_page(request, pk, kind, template_name):
    WorkbookImport.objects.filter(pk=pk, user=request.user).stalled(timezone.now()).fail(WorkbookImport.STALLED)
    record, preview = checked(request, pk, kind)
    if record.status in WorkbookImport.ACTIVE_STATUSES or record.status == FAILED:
        return render(request, "imports/spreadsheet_job.html", {"record": record})
    return render(request, template_name, {"record": record, "preview": preview})


def workbook_preview(request, pk):
    return preview_page(request, pk, DEPARTMENT, "imports/workbook_preview.html")


def history_preview(request, pk):
    return preview_page(request, pk, HISTORY, "imports/history_preview.html")


def apply(request, pk, kind):
    """Apply the checked sheet as the user who confirms it: every change or none (a large
    file by a background job, which checks it again first)."""
    record, preview = checked(request, pk, kind)
    if preview.has_errors:
        messages.error(request, _("The workbook has errors: nothing was written. Correct them and upload it again."))
        return redirect(record)
    if record.background:
        started = WorkbookImport.objects.filter(pk=pk, status=CHECKED, applied_at__isnull=True).update(
            status=APPLYING, progress=0, error="", updated_at=timezone.now()
        )  # of two clicks at once, one starts the job
        if started and not dispatch(tasks.apply_spreadsheet, record.pk):
            WorkbookImport.objects.filter(pk=pk).fail(WorkbookImport.BROKER_DOWN)
        return redirect(record)
    changed = MODULES[kind].apply(preview, request.user)
    if changed:
        messages.success(
            request, ngettext("%(count)s row applied.", "%(count)s rows applied.", changed) % {"count": changed}
        )
    else:
        messages.info(request, _("This workbook was applied already: nothing changed."))
    return redirect("workspace" if roles.role_of(request.user) in (roles.OFFICER, roles.HEAD) else "home")


@require_POST
def retry(request, pk):
    """Check a large file again after its job failed (the broker was away, the worker stopped,
    the recommendations changed): the person confirms again after the new check."""
    record = get_object_or_404(WorkbookImport, pk=pk, user=request.user, background=True)
    allowed(request, record.kind)
    restarted = WorkbookImport.objects.filter(pk=pk, status=FAILED, applied_at__isnull=True).update(
        status=CHECKING, progress=0, error="", preview={}, updated_at=timezone.now()
    )
    if restarted and not dispatch(tasks.check_spreadsheet, record.pk):
        WorkbookImport.objects.filter(pk=pk).fail(WorkbookImport.BROKER_DOWN)
    return redirect(record)


def workbook_apply(request, pk):
    return apply(request, pk, DEPARTMENT)


@require_POST
def history_apply(request, pk):
    return apply(request, pk, HISTORY)


def history_example(request):
    allowed(request, HISTORY)
    return FileResponse(EXAMPLE.open("rb"), as_attachment=True, filename=EXAMPLE.name)
