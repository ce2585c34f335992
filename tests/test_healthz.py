import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_services_answer(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    # Under CI a real Redis is configured and checked too.
    assert ("broker" in body["checks"]) is settings.BROKER_CONFIGURED


def test_healthz_checks_a_configured_broker(client, settings):
    settings.BROKER_CONFIGURED = True
    settings.CELERY_BROKER_URL = "memory://"
    assert client.get("/healthz").json()["checks"]["broker"] == "ok"


def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    settings.BROKER_CONFIGURED = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unavailable"}


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


def test_healthz_needs_no_login(client):
    assert client.get("/healthz").status_code in {200, 503}
    assert "login" not in client.get("/healthz").get("Location", "")
