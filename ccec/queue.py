"""Hand work to Celery without leaving half-done rows when the broker is away.

Every background job first exists as a row (a Delivery, a ReportJob, a PaperImport), so that
an outage loses nothing: `dispatch()` says whether the broker took the task, and the caller
either marks its row failed (with a retry button) or leaves it for the sweeper (sweeper.py),
which re-queues deliveries the broker never took and fails jobs that stopped moving.
"""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# Publishing waits this little for a broker that blips, then gives up (the row stays).
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def dispatch(task, *args, countdown=None):
    """Queue `task(*args)` now (to run `countdown` seconds later); False (logged) when the
    broker cannot take it."""
    if current_app.conf.task_always_eager:
        task.apply_async(args=args)  # no broker: runs here and now, its errors are its own
        return True
    try:
        task.apply_async(args=args, countdown=countdown, retry=True, retry_policy=RETRY_POLICY)
    except (OperationalError, OSError) as exc:
        logger.warning("The broker did not take %s%r: %s", task.name, args, exc)
        return False
    return True


def dispatch_on_commit(task, *args, countdown=None):
    """Queue `task(*args)` once the transaction commits; an outage leaves it to the sweeper."""
    transaction.on_commit(lambda: dispatch(task, *args, countdown=countdown))
