"""Celery tasks of the paper import."""

from celery import shared_task
from django.utils import timezone

from imports import drafts
from imports.models import PaperImport


@shared_task
def read_paper_import(import_id):
    """Read a large uploaded paper into its import draft (the page shows progress meanwhile)."""
    drafts.read_draft(import_id)


@shared_task
def sweep():
    """Every few minutes (beat): mark papers whose reading stopped moving as failed."""
    return PaperImport.objects.stalled(timezone.now()).fail(PaperImport.STALLED)
