"""load_demo on an empty database (the other demo modules share one load)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from meetings.models import Meeting, Paper

pytestmark = pytest.mark.django_db


def test_demo_password_comes_from_the_environment(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret")
    call_command("load_demo", verbosity=0)
    assert get_user_model().objects.get(username="officer-econ").check_password("another-secret")


def test_refuses_demo_users_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.exists()
    assert not Meeting.objects.exists()
    call_command("load_demo", "--no-users", verbosity=0)
    assert Paper.objects.count() == 19
    assert not get_user_model().objects.exists()
