"""Celery tasks of the reminders: thin wrappers that take ids and call digests.py / delivery.py."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from ccec.queue import dispatch, dispatch_on_commit
from reminders import delivery, digests, notices, sweeper


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


def batch_notices_later():
    """Once the hand-over commits, batch its notices NOTICE_BATCH_SECONDS later, with whatever
    else the same people are told meanwhile (without a broker: at once)."""
    dispatch_on_commit(batch_notices, countdown=settings.NOTICE_BATCH_SECONDS)


@shared_task
def batch_notices():
    """Gather the waiting hand-over notices into one e-mail per person and kind, and send them."""
    created = notices.batch()
    enqueue(created)
    return len(created)


@shared_task
def sweep():
    """Every few minutes (beat): batch the notices whose batching was never queued (the broker
    was away at the hand-over), and queue again the e-mails the broker never took."""
    enqueue(notices.batch(older_than_seconds=settings.NOTICE_BATCH_SECONDS))
    stale = sweeper.stale_deliveries()
    for delivery_id in stale:
        dispatch(send_delivery, delivery_id)
    return len(stale)
