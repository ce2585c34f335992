"""The demo is loaded once per test module (about 15 s each time), inside a transaction that is
rolled back when the module ends; each test runs in a savepoint of it, as usual."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's media folder: its tests point MEDIA_ROOT at it (`demo_settings`)."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("load_demo", verbosity=0)
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_settings(demo_loaded, db, settings):
    """For a test of a module that loaded the demo: DEBUG on, and the demo's media folder."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = demo_loaded
    return settings
