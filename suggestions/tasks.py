"""Celery tasks of the suggestions."""

from celery import shared_task

from suggestions import proposals


@shared_task
def refresh_suggestions(pks=None):
    """Propose related recommendations for `pks` (new ones), or for all of them (nightly)."""
    return proposals.refresh(pks)
