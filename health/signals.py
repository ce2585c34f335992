"""Each Celery worker records that it lives (Heartbeat `worker:<hostname>`): when it is ready,
and then with its Celery heartbeats (every 2 s), written at most every HEARTBEAT_SECONDS."""

import logging
import time

from celery.signals import heartbeat_sent, worker_ready
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)
_last_written = {}


def record_worker(hostname):
    from health.models import Heartbeat

    now = time.monotonic()
    if now - _last_written.get(hostname, -1e9) < settings.HEARTBEAT_SECONDS:
        return
    _last_written[hostname] = now
    try:
        Heartbeat.record(Heartbeat.WORKER_PREFIX + hostname)
    except Exception as exc:  # a database blip must not stop the worker's heartbeats
        _last_written.pop(hostname, None)
        logger.warning("could not record the worker's heartbeat: %s", exc)


@worker_ready.connect
def on_worker_ready(sender=None, **kwargs):
    record_worker(sender.hostname)


@heartbeat_sent.connect
def on_heartbeat(sender=None, **kwargs):
    hostname = getattr(getattr(sender, "eventer", None), "hostname", None)
    if hostname:
        close_old_connections()  # the heartbeat thread keeps its own connection; drop it when stale
        record_worker(hostname)
