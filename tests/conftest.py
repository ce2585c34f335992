import os
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from django.conf import settings

from tests import factories
from tests.helpers import free_port
from tests.world import build_world


def pytest_configure(config):
    # Hashing a password the production way takes a good part of a second: tests don't need that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    require_services()


def require_services():
    """Under CI (CCEC_REQUIRE_SERVICES=1) stop at once, as a failure, when a service is missing."""
    if not os.environ.get("CCEC_REQUIRE_SERVICES"):
        return
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("DATABASE_URL does not point at PostgreSQL")
    else:
        import psycopg

        db = settings.DATABASES["default"]
        try:
            psycopg.connect(
                dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432, connect_timeout=5
            ).close()
        except psycopg.OperationalError as exc:
            problems.append(f"PostgreSQL does not answer: {exc}")
    if not settings.BROKER_CONFIGURED:
        problems.append("CELERY_BROKER_URL is not set")
    else:
        from kombu import Connection

        try:
            with Connection(settings.CELERY_BROKER_URL, connect_timeout=5) as conn:
                conn.ensure_connection(max_retries=1, timeout=5)
        except Exception as exc:
            problems.append(f"the broker does not answer: {exc}")
    if problems:
        pytest.exit("CCEC_REQUIRE_SERVICES is set but " + "; ".join(problems), returncode=1)


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run eagerly in the test's own process, whatever broker is configured; the tests
    that need a real worker start one (tests/reminders/test_delivery.py)."""
    from ccec.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path, request):
    """Uploaded files of a test go to its own folder; with CCEC_TEST_STORAGE=s3 (the second CI
    run of the tests marked `storage`) to its own bucket on a real S3-compatible server."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if os.environ.get("CCEC_TEST_STORAGE") == "s3":
        endpoint = request.getfixturevalue("s3_server")
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage(endpoint, f"ccec-{uuid.uuid4().hex[:12]}")}


def s3_storage(endpoint, bucket):
    """The STORAGES entry of an S3 bucket on `endpoint`, created empty."""
    import boto3

    options = {"endpoint_url": endpoint, "access_key": "test", "secret_key": "test", "region_name": "us-east-1"}
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**options, "bucket_name": bucket, "default_acl": "private", "file_overwrite": False},
    }


@pytest.fixture(scope="session")
def s3_server():
    """moto's standalone S3 server in its own process on a free loopback port; its address."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("moto's S3 server did not start")
                time.sleep(0.1)
        else:
            pytest.fail("moto's S3 server did not answer within 10 s")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def secretariat_user(db):
    return factories.SecretariatUserFactory()


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def world(db):
    """tests/world.py: two departments, two companies, one of every role, every state."""
    return build_world()


@pytest.fixture
def broker_down(settings, monkeypatch):
    """Celery pointed at a port where no broker listens, as when Redis is down."""
    from ccec.celery import app

    nowhere = f"redis://127.0.0.1:{free_port()}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", nowhere)  # Celery reads it before its own setting
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=nowhere, task_always_eager=False)
    app._after_fork()  # drop connections pooled for the earlier broker
    settings.BROKER_CONFIGURED = True
    yield
    app.conf.update(saved)
    app._after_fork()


@pytest.fixture
def celery_worker(settings, request):
    """A real Celery worker, in a thread of this process, consuming from the local Redis
    (options for start_worker by indirect parametrization, e.g. without_heartbeat=False)."""
    from celery.contrib.testing.worker import start_worker

    from ccec.celery import app

    broker = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=broker, task_always_eager=False, result_backend=None)
    # Drop connection pools an earlier test may have opened on the in-memory broker, so that
    # messages go to Redis; Celery does the same in a forked child (_after_fork).
    app._after_fork()
    settings.BROKER_CONFIGURED = True
    try:
        with start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=10,
            **getattr(request, "param", {}),
        ):
            yield app
    finally:
        app.conf.update(saved)
        app._after_fork()
