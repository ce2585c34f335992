"""The demo is loaded once per test module (about 15 s each time), inside a transaction that is
rolled back when the module ends; each test runs in a savepoint of it, as usual."""

import os
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory, request):
    """Where the demo's files went (a media folder, or a bucket in the S3 run): its tests point
    the settings at it (`demo_settings`)."""
    from tests.conftest import s3_storage

    files = {"MEDIA_ROOT": tmp_path_factory.mktemp("demo-media")}
    if os.environ.get("CCEC_TEST_STORAGE") == "s3":
        bucket = s3_storage(request.getfixturevalue("s3_server"), f"ccec-demo-{uuid.uuid4().hex[:8]}")
        files["STORAGES"] = {**django_settings.STORAGES, "default": bucket}
    with django_db_blocker.unblock(), override_settings(**files):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("load_demo", verbosity=0)
            yield files
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_settings(demo_loaded, db, settings):
    """For a test of a module that loaded the demo: DEBUG on, and the demo's files."""
    settings.DEBUG = True
    for name, value in demo_loaded.items():
        setattr(settings, name, value)
    return settings
