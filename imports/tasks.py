"""Celery tasks of the paper import and of large spreadsheets."""

from celery import shared_task
from django.utils import timezone

from imports import drafts, workbook_jobs
from imports.models import PaperImport, WorkbookImport


@shared_task
def read_paper_import(import_id):
    """Read a large uploaded paper into its import draft (the page shows progress meanwhile)."""
    drafts.read_draft(import_id)


@shared_task
def check_spreadsheet(record_id):
    """Check a large uploaded workbook or history sheet and store its preview."""
    workbook_jobs.check(record_id)


@shared_task
def apply_spreadsheet(record_id):
    """Apply a large checked workbook or history sheet: every change in one transaction, or none."""
    workbook_jobs.apply(record_id)


@shared_task
def sweep():
    """Every few minutes (beat): mark papers and spreadsheets whose work stopped moving as failed."""
    now = timezone.now()
    papers = PaperImport.objects.stalled(now).fail(PaperImport.STALLED)
    return papers + WorkbookImport.objects.stalled(now).fail(WorkbookImport.STALLED)


@shared_task
def expire_files():
    """Nightly (beat): after FILE_RETENTION_DAYS, delete paper-import drafts nobody confirmed
    (row and document) and uploaded workbooks' files (their rows stay: a file applied once is
    still never applied again)."""
    now = timezone.now()
    drafts = PaperImport.objects.exclude(status=PaperImport.Status.CONFIRMED).expire(now, field="document")
    return drafts + WorkbookImport.objects.expire(now, keep_rows=True)
