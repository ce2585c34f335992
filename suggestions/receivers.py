"""New recommendations get their suggestions from a background job, once per transaction."""

import threading

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from ccec.queue import dispatch
from recommendations.models import Recommendation
from suggestions import tasks

_pending = threading.local()


@receiver(post_save, sender=Recommendation)
def propose_for_new(sender, instance, created, raw=False, **kwargs):
    """Collect new recommendations; when the transaction commits, one task ranks them all
    (a paper imported at once, or the demo, is one job, not one per recommendation)."""
    if not created or raw:
        return
    if not hasattr(_pending, "pks"):
        _pending.pks = set()
    _pending.pks.add(instance.pk)
    transaction.on_commit(_flush)


def _flush():
    pks, _pending.pks = sorted(getattr(_pending, "pks", ())), set()
    if pks:
        # Without a broker the nightly refresh (beat) catches up on what this missed.
        dispatch(tasks.refresh_suggestions, pks)
