"""/healthz (the process answers) and /readyz (the database answers; broker, workers and beat
reported), and the heartbeats behind them (health/)."""

import datetime
import time

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from health.models import Heartbeat
from health.signals import record_worker
from health.tasks import beat_tick

pytestmark = pytest.mark.django_db


def test_healthz_answers_while_the_process_does_even_without_a_database(client, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok"}

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    assert client.get("/healthz").status_code == 200


def test_readyz_answers_200_when_the_database_answers(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"
    # Under CI a real Redis is configured and checked too.
    assert body["checks"]["broker"] == ("ok" if settings.BROKER_CONFIGURED else "not configured")
    assert body["beat"] is None and body["workers"]["seen"] == 0


def test_readyz_reports_the_broker_down_without_failing(client, settings):
    settings.BROKER_CONFIGURED = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "unavailable", "storage": "local disk"}


def test_readyz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


def test_readyz_reports_the_last_beat_tick_and_the_workers_seen_lately(client, settings):
    beat_tick()
    Heartbeat.record("worker:celery@a")
    Heartbeat.objects.create(name="worker:celery@gone", seen_at=timezone.now() - datetime.timedelta(hours=1))
    Heartbeat.objects.filter(name="beat").update(seen_at=timezone.now() - datetime.timedelta(minutes=3))
    body = client.get("/readyz").json()
    assert 175 <= body["beat"]["seconds_ago"] <= 200
    assert body["workers"] == {"seen": 1, "names": ["celery@a"], "within_seconds": settings.WORKER_SEEN_SECONDS}


def test_a_worker_writes_its_heartbeat_at_most_every_interval(settings):
    settings.HEARTBEAT_SECONDS = 3600
    record_worker("celery@x")
    first = Heartbeat.objects.get(name="worker:celery@x").seen_at
    record_worker("celery@x")
    assert Heartbeat.objects.get(name="worker:celery@x").seen_at == first


def test_the_admin_shows_how_long_ago(admin_client):
    beat_tick()
    page = admin_client.get("/admin/health/heartbeat/").content.decode()
    assert "beat" in page and "now" in page


def test_probes_need_no_login(client):
    for url in ("/healthz", "/readyz"):
        response = client.get(url)
        assert response.status_code in {200, 503} and "login" not in response.get("Location", "")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("celery_worker", [{"without_heartbeat": False}], indirect=True)
def test_a_real_worker_reports_itself_and_runs_the_beat_tick(client, settings, celery_worker):
    settings.HEARTBEAT_SECONDS = 1
    celery_worker.send_task("health.tasks.beat_tick")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (
        Heartbeat.objects.filter(name="beat").exists() and Heartbeat.objects.filter(name__startswith="worker:").exists()
    ):
        time.sleep(0.2)
    body = client.get("/readyz").json()
    assert body["beat"] is not None and body["workers"]["seen"] == 1, body


def test_the_container_check_fails_on_a_stale_or_missing_heartbeat(capsys):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="never seen"):
        call_command("check_heartbeat", "beat")
    beat_tick()
    call_command("check_heartbeat", "beat", "--within", "60")
    assert "beat: seen" in capsys.readouterr().out
    Heartbeat.objects.update(seen_at=timezone.now() - datetime.timedelta(minutes=10))
    with pytest.raises(CommandError, match="more than 180 s"):
        call_command("check_heartbeat", "beat")
