"""The safety net behind ccec/queue.py for e-mails, run every few minutes by beat (tasks.sweep).

A delivery still pending some minutes after it was written or last tried was never taken by the
broker (or its retry was lost with a worker): queue it again. claim() in delivery.py keeps this
at most once per e-mail, so an extra queueing sends nothing twice. Only rows of the last day come
back: an older digest would repeat what today's says. (Report jobs and paper reads that stop
moving are failed by their own apps' sweeps: ccec/jobs.py.)
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from reminders.models import Delivery, DeliveryStatus


def stale_deliveries(now=None):
    """Ids of pending deliveries nobody has tried for DELIVERY_REQUEUE_MINUTES."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.DELIVERY_REQUEUE_MINUTES)
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, created_at__gte=now - datetime.timedelta(days=1))
        .filter(Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True, created_at__lt=cutoff))
        .values_list("pk", flat=True)
    )
