"""Celery tasks: thin wrappers that take ids and call the module that does the work."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from recommendations import accounts, paper_import, sweeper
from recommendations.queue import dispatch, dispatch_on_commit
from recommendations.reminders import delivery, digests
from recommendations.reports import jobs


def enqueue(delivery_ids):
    """Send these deliveries once the transaction commits; rows the broker did not take stay
    pending and the sweeper queues them again."""
    for delivery_id in delivery_ids:
        dispatch_on_commit(send_delivery, delivery_id)


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
def sweep():
    """Every few minutes (beat): queue again what the broker never took, fail stalled jobs."""
    stale = sweeper.stale_deliveries()
    for delivery_id in stale:
        dispatch(send_delivery, delivery_id)
    return {"requeued": len(stale), "failed_jobs": sweeper.fail_stalled_jobs()}


@shared_task
def request_password_reset(email, language):
    """Look the address up and e-mail a reset link, away from the request so that its timing
    says nothing about which addresses have accounts."""
    enqueue(accounts.password_reset_deliveries(email, language))


@shared_task
def build_report_file(job_id):
    """Build a report file that takes too long to stream, recording progress on the job."""
    jobs.build_job(job_id)


@shared_task
def read_paper_import(import_id):
    """Read a large uploaded paper into its import draft (the page shows progress meanwhile)."""
    paper_import.read_draft(import_id)
