"""The safety net behind queue.py, run every few minutes by beat (tasks.sweep).

- A delivery still pending some minutes after it was written or last tried was never taken by
  the broker (or its retry was lost with a worker): queue it again. claim() in delivery.py
  keeps this at most once per e-mail, so an extra queueing sends nothing twice. Only rows of
  the last day come back: an older digest would repeat what today's says.
- A report job or a paper being read that has not moved for JOB_STALL_MINUTES lost its worker:
  mark it failed, so that its page says so and offers to try again instead of refreshing forever.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from recommendations.choices import DeliveryStatus
from recommendations.models import Delivery, PaperImport, ReportJob


def stale_deliveries(now=None):
    """Ids of pending deliveries nobody has tried for DELIVERY_REQUEUE_MINUTES."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.DELIVERY_REQUEUE_MINUTES)
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, created_at__gte=now - datetime.timedelta(days=1))
        .filter(Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True, created_at__lt=cutoff))
        .values_list("pk", flat=True)
    )


def fail_stalled_jobs(now=None):
    """Mark report jobs and paper reads that stopped moving as failed; returns how many."""
    now = now or timezone.now()
    return ReportJob.objects.stalled(now).fail(ReportJob.STALLED) + PaperImport.objects.stalled(now).fail(
        PaperImport.STALLED
    )
