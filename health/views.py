"""/healthz (liveness: the process answers) and /readyz (readiness: the database answers; the
broker, the S3 storage, the workers and beat are reported, but only the database fails a web node: a Redis
blip or a stopped worker must not take every web node out of the load balancer)."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def check_storage():
    """S3 storage answers and the bucket exists (a listing of its top level)."""
    default_storage.listdir("")


def probe(name, check):
    try:
        check()
    except Exception as exc:  # any failure means "unavailable"; say which in the body and the log
        logger.warning("readyz: %s check failed: %s", name, exc)
        return "unavailable"
    return "ok"


def liveness():
    """Beat's last tick and the workers seen lately, from their Heartbeat rows."""
    from health.models import Heartbeat

    now = timezone.now()
    beats = {beat.name: beat for beat in Heartbeat.objects.all()}
    beat = beats.get(Heartbeat.BEAT)
    recent = now - datetime.timedelta(seconds=settings.WORKER_SEEN_SECONDS)
    workers = sorted(
        name.removeprefix(Heartbeat.WORKER_PREFIX)
        for name, row in beats.items()
        if name.startswith(Heartbeat.WORKER_PREFIX) and row.seen_at >= recent
    )
    return {
        "beat": {"last_tick": beat.seen_at.isoformat(), "seconds_ago": beat.age_seconds} if beat else None,
        "workers": {"seen": len(workers), "names": workers, "within_seconds": settings.WORKER_SEEN_SECONDS},
    }


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 while the process answers requests (liveness: restart the process when it does not)."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """200 when the database answers, else 503; the broker, S3 storage, workers and beat are
    reported."""
    checks = {"database": probe("database", check_database)}
    checks["broker"] = probe("broker", check_broker) if settings.BROKER_CONFIGURED else "not configured"
    checks["storage"] = probe("storage", check_storage) if hasattr(default_storage, "bucket") else "local disk"
    body = {"status": "ok" if checks["database"] == "ok" else "unavailable", "checks": checks}
    if checks["database"] == "ok":
        body.update(liveness())
    return JsonResponse(body, status=200 if checks["database"] == "ok" else 503)
