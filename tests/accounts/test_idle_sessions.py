"""Officers, heads and the secretariat are signed out after SESSION_IDLE_MINUTES idle;
liaisons keep the cookie age (accounts/sessions.py)."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db


def expiry_seconds(client):
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    return (session.expire_date - timezone.now()).total_seconds()


def signed_in(client, user):
    client.force_login(user)
    assert client.get("/").status_code in {200, 302}
    return expiry_seconds(client)


def test_government_users_expire_after_the_idle_time_and_liaisons_after_the_cookie_age(world, client, settings):
    settings.SESSION_IDLE_MINUTES = 60
    for user in (world.users.officer_a, world.users.head_a, world.users.secretariat):
        client.logout()
        assert 3500 <= signed_in(client, user) <= 3600
    client.logout()
    assert signed_in(client, world.users.liaison_c) > 13 * 24 * 3600


def test_an_idle_session_sends_the_officer_to_the_login_page(world, client, settings):
    settings.SESSION_IDLE_MINUTES = 60
    signed_in(client, world.users.officer_a)
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/recommendations/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_zero_turns_the_idle_sign_out_off(world, client, settings):
    settings.SESSION_IDLE_MINUTES = 0
    assert signed_in(client, world.users.officer_a) > 13 * 24 * 3600
