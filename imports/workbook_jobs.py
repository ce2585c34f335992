"""Large spreadsheets (over SPREADSHEET_ASYNC_KB) checked and applied by a Celery task, with
progress on their WorkbookImport row: the check stores its preview on the row (the page reads
it, not the file), and applying reads and checks the file again (the recommendations may have
changed meanwhile) before writing every change in one transaction, or nothing."""

from django.utils import timezone, translation

from imports import history, workbook
from imports.models import WorkbookImport

MODULES = {WorkbookImport.Kind.DEPARTMENT: workbook, WorkbookImport.Kind.HISTORY: history}


def reporter(record, low=0, high=100):
    """Writes the job's progress (`low`..`high` of its whole) on its row as the rows are read."""

    def report(percent):
        WorkbookImport.objects.filter(pk=record.pk).update(
            progress=low + (high - low) * percent // 100, updated_at=timezone.now()
        )

    return report


def read(record, low=0, high=100):
    with record.file.open("rb") as sheet, translation.override(record.language or None):
        return MODULES[record.kind].read(sheet.read(), record.user, progress=reporter(record, low, high))


def failing(job):
    """Run job(record_id); a failure is written on the row (the page offers to try again)."""

    def run(record_id):
        try:
            job(WorkbookImport.objects.select_related("user").get(pk=record_id))
        except Exception as exc:
            WorkbookImport.objects.filter(pk=record_id, status__in=WorkbookImport.ACTIVE_STATUSES).fail(
                f"{type(exc).__name__}: {exc}"
            )
            raise

    return run


@failing
def check(record):
    preview = read(record)
    WorkbookImport.objects.filter(pk=record.pk, status=WorkbookImport.Status.CHECKING).update(
        status=WorkbookImport.Status.CHECKED, preview=preview.stored(), progress=100, updated_at=timezone.now()
    )


@failing
def apply(record):
    preview = read(record, 0, 80)
    if preview.has_errors:
        WorkbookImport.objects.filter(pk=record.pk).update(
            status=WorkbookImport.Status.CHECKED,  # the page shows the new check and why
            error=WorkbookImport.CHANGED,
            preview=preview.stored(),
            updated_at=timezone.now(),
        )
        return
    WorkbookImport.objects.filter(pk=record.pk).update(progress=80, updated_at=timezone.now())
    with translation.override(record.language or None):
        MODULES[record.kind].apply(preview, record.user)  # marks the row applied in the same transaction
    WorkbookImport.objects.filter(pk=record.pk).update(progress=100, updated_at=timezone.now())
