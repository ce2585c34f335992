"""Project-level views: the health check."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
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


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database (and the broker, where one is configured) answers, else 503."""
    checks = {"database": check_database}
    if settings.BROKER_CONFIGURED:
        checks["broker"] = check_broker
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as exc:  # any failure means "not healthy"; say which in the body and the log
            logger.warning("healthz: %s check failed: %s", name, exc)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results}, status=200 if healthy else 503
    )
