"""Celery tasks of the translations."""

from celery import shared_task
from django.utils import timezone

from translations import drafting
from translations.models import TranslationJob


@shared_task
def draft_translations(job_id):
    """Machine drafts for every recommendation that needs a translation (a TranslationJob)."""
    drafting.run_job(job_id)


@shared_task
def sweep():
    """Every few minutes (beat): mark drafting jobs that stopped moving as failed."""
    return TranslationJob.objects.stalled(timezone.now()).fail(TranslationJob.STALLED)
