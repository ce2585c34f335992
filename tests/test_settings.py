"""Settings come from the environment and refuse nonsense at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ccec import env

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-for-a-production-check-4a9f0c2e8b7d6e5f1a3c9b8d7e6f5a4c3b2a1",
    "ALLOWED_HOSTS": "ccec.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://ccec.example.org",
    "SITE_URL": "https://ccec.example.org",
    "DATABASE_URL": "postgres://ccec:secret@db.example.org:5432/ccec",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "EMAIL_HOST": "smtp.example.org",
}


def run_django(command, extra_env, drop=()):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deployment check.
    drop = {*drop, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in drop and k not in PRODUCTION}
    environment.update(extra_env)
    environment["DJANGO_SETTINGS_MODULE"] = "ccec.settings"
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_bad_database_url_fails_loudly_at_start_up():
    result = run_django(["manage.py", "check"], {"DATABASE_URL": "mysql://root@localhost/ccec"})
    assert result.returncode != 0
    assert "DATABASE_URL must be a postgres:// or sqlite:// URL" in result.stderr


def test_debug_off_without_secret_key_fails_loudly():
    result = run_django(["manage.py", "check"], {"DEBUG": "false"}, drop={"SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_nonsense_boolean_fails_loudly():
    result = run_django(["manage.py", "check"], {"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("yes", True), ("0", False), ("off", False), ("", False)]
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env.env_bool("SOME_FLAG", not expected) is expected


def test_env_int_checks_range(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "70000")
    with pytest.raises(ImproperlyConfigured, match="above the maximum"):
        env.env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env.env_int("EMAIL_PORT", 25)


def test_database_url_parsing():
    config = env.parse_database_url("postgres://postgres@127.0.0.1:5432/ccec")
    assert (config["ENGINE"], config["NAME"], config["HOST"]) == ("django.db.backends.postgresql", "ccec", "127.0.0.1")
    with pytest.raises(ImproperlyConfigured, match="names no database"):
        env.parse_database_url("postgres://postgres@127.0.0.1:5432")


def test_broker_url_must_be_a_known_transport():
    assert env.parse_broker_url("redis://127.0.0.1:6379/0")
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL"):
        env.parse_broker_url("127.0.0.1:6379")


def test_json_logs_admins_and_sentry_from_the_environment():
    import gzip
    import http.server
    import threading

    received = []

    class Collector(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            elif self.headers.get("Content-Encoding") == "br":
                import brotli  # sentry-sdk compresses with it when it is installed (fontTools has it)

                body = brotli.decompress(body)
            received.append((self.path, body, self.headers.get("Content-Encoding")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        script = (
            "import logging, sentry_sdk; from django.conf import settings; "
            "print(settings.ADMINS); logging.getLogger('ccec').warning('json line'); "
            "sentry_sdk.capture_message('hello from ccec'); sentry_sdk.flush(5)"
        )
        result = run_django(
            ["manage.py", "shell", "-c", script],
            {
                "LOG_FORMAT": "json",
                "ADMINS": "Ops Desk <ops@example.org>, dev@example.org",
                "SENTRY_DSN": f"http://public@127.0.0.1:{server.server_port}/1",
            },
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert "[('Ops Desk', 'ops@example.org'), ('', 'dev@example.org')]" in result.stdout
    import json

    line = next(line for line in result.stderr.splitlines() if "json line" in line)
    assert json.loads(line)["levelname"] == "WARNING"
    assert any(path.startswith("/api/1/") and b"hello from ccec" in body for path, body, _ in received), received
    bad = run_django(["manage.py", "check"], {"LOG_FORMAT": "xml"})
    assert bad.returncode != 0 and "LOG_FORMAT must be plain or json" in bad.stderr


def test_database_pool_option_opens_a_psycopg_pool_on_postgresql(settings):
    """DATABASE_POOL=true: Django's pool option (psycopg 3), persistent connections off."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL (CI runs it)")
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/postgres"
    code = (
        "from django.db import connection; connection.ensure_connection();"
        "print(type(connection.pool).__name__, connection.settings_dict['CONN_MAX_AGE'],"
        " connection.pool.max_size)"
    )
    result = run_django(
        ["manage.py", "shell", "--verbosity", "0", "-c", code],
        {"DATABASE_URL": url, "DATABASE_POOL": "true", "DATABASE_POOL_MAX": "4"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ConnectionPool", "0", "4"]
