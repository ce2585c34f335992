import pytest
from django.urls import reverse

from accounts.once import new_token
from tests import factories

pytestmark = pytest.mark.django_db


def test_login_is_locked_after_repeated_wrong_passwords(client, settings):
    user = factories.UserFactory(username="guess-me")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"form_token": new_token(), "username": "guess-me", "password": "wrong"})
    locked = client.post(
        reverse("login"), {"form_token": new_token(), "username": "guess-me", "password": factories.PASSWORD}
    )
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.is_active


def test_a_very_long_user_name_at_login_is_a_form_error(client, db):
    response = client.post(reverse("login"), {"username": "x" * 256, "password": "y"})
    assert response.status_code == 200
    assert "A user name has at most 150 characters." in response.content.decode()


def test_the_admin_lockout_section_reads_in_chinese(client, secretariat_user):
    client.force_login(secretariat_user)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/admin/").content.decode()
    assert "登录锁定" in page and "登录尝试" in page
    assert "Access attempts" not in page and ">Axes<" not in page
