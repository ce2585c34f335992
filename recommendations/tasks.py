"""Celery tasks: thin wrappers that take ids and call recommendations.reminders."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from recommendations import paper_import
from recommendations.models import Feedback
from recommendations.reminders import delivery, digests
from recommendations.reports import jobs


def enqueue(delivery_ids):
    for delivery_id in delivery_ids:
        transaction.on_commit(lambda delivery_id=delivery_id: send_delivery.delay(delivery_id))


@shared_task
def send_daily_reminders(today=None):
    """The daily pass (beat, 09:00 Asia/Shanghai): record today's digests, queue their sending."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    pending = digests.run_pass(day)
    enqueue(pending)
    return len(pending)


@shared_task(bind=True, max_retries=None)
def send_delivery(self, delivery_id):
    """One attempt at one e-mail; a transient failure comes back later, backing off."""
    outcome = delivery.send(delivery_id)
    # Without a broker (tasks run eagerly) nothing can come back later: try again at once.
    # delivery.send() gives up after REMINDER_MAX_RETRIES retries, so the loop ends.
    while outcome == delivery.RETRY and self.request.is_eager:
        outcome = delivery.send(delivery_id)
    if outcome == delivery.RETRY:
        raise self.retry(countdown=settings.REMINDER_RETRY_BACKOFF * 2**self.request.retries)
    return outcome


@shared_task
def notify_clarification(feedback_id):
    """A liaison asked for clarification: tell the lead department's officers now."""
    feedback = Feedback.objects.select_related("response__recommendation").get(pk=feedback_id)
    enqueue(digests.clarification_notices(feedback, timezone.localdate()))


@shared_task
def build_report_file(job_id):
    """Build a report file that takes too long to stream, recording progress on the job."""
    jobs.build_job(job_id)


@shared_task
def read_paper_import(import_id):
    """Read a large uploaded paper into its import draft (the page shows progress meanwhile)."""
    paper_import.read_draft(import_id)
