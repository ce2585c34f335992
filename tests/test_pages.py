"""Login, the header and the language switch."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/admin/", "/accounts/password_change/"])
def test_anonymous_requests_go_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_login_and_password_reset_are_open(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_login_then_header_shows_who_and_role(client):
    officer = factories.OfficerFactory(user__first_name="Wei", user__last_name="Li", is_head=True)
    response = client.post(
        reverse("login"), {"username": officer.user.username, "password": factories.PASSWORD}, follow=True
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Wei Li" in content
    assert "Department head" in content


def test_wrong_password_re_renders_with_an_error(client):
    user = factories.UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_language_switch_works_before_login_and_translates_the_page(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("login")}, follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    assert "登录" in content


def test_secretariat_home_links_to_data_entry(secretariat_client):
    content = secretariat_client.get(reverse("home")).content.decode()
    assert reverse("admin:index") in content
    assert "Secretariat" in content
    assert "Awaiting response" in content  # the overview's lifecycle tiles


def test_each_role_lands_on_its_own_home(client):
    officer = factories.OfficerFactory()
    client.force_login(officer.user)
    assert client.get(reverse("home"))["Location"] == reverse("workspace")
    liaison = factories.LiaisonFactory()
    client.force_login(liaison.user)
    assert client.get(reverse("home"))["Location"] == reverse("portal")
    content = client.get(reverse("portal")).content.decode()
    assert "Company liaison" in content
    assert reverse("admin:index") not in content


def test_user_without_a_role_is_told_what_to_do(client):
    client.force_login(factories.UserFactory())
    assert "Your account has no role yet" in client.get(reverse("home")).content.decode()


def test_password_change_page_renders(client):
    user = factories.UserFactory()
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200


def test_logout_is_a_post_and_returns_to_login(client):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
