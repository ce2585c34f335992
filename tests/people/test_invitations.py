import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.once import new_token
from reminders.models import Delivery, DeliveryStatus
from tests import factories
from tests.helpers import free_port

pytestmark = pytest.mark.django_db


def test_invitation_sends_a_working_set_password_link(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invite"),
            {
                "form_token": new_token(),
                "email": "Wang.Fang@Example.org",
                "first_name": "Fang",
                "last_name": "Wang",
                "role": "officer",
                "department": world.department_b.pk,
                "language": "zh-hans",
            },
        )
    assert response.status_code == 302
    officer = world.department_b.officers.get(user__email="wang.fang@example.org")
    assert not officer.user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "您在市长国际经济顾问团建议跟踪系统中的账号"
    link = re.search(r"http://\S+/accounts/reset/\S+/", message.body).group(0)
    path = link.split("8000", 1)[1]
    client.logout()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"form_token": new_token(), "new_password1": "Chongqing-2026!", "new_password2": "Chongqing-2026!"}
    )
    assert done.status_code == 302
    officer.user.refresh_from_db()
    assert officer.user.check_password("Chongqing-2026!")


def test_invitation_form_needs_the_department_of_an_officer(client, world):
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("invite"),
        {
            "form_token": new_token(),
            "email": "x@example.org",
            "first_name": "X",
            "last_name": "Y",
            "role": "officer",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "Choose the department of the officer." in response.content.decode()
    assert mail.outbox == []


def test_password_reset_sends_an_email(client, django_capture_on_commit_callbacks):
    factories.UserFactory(username="forgetful", email="forgetful@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_invitation_with_the_broker_down_keeps_the_account_and_its_e_mail(client, world, broker_down):
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("invite"),
        {
            "email": "new.officer@example.org",
            "first_name": "Li",
            "last_name": "Ming",
            "role": "officer",
            "department": world.department_a.pk,
            "language": "zh-hans",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "the invitation will go out as soon as it is back" in response.content.decode()
    (invitation,) = Delivery.objects.filter(kind="invitation")
    assert (invitation.email, invitation.status) == ("new.officer@example.org", DeliveryStatus.PENDING)


def test_invitation_when_the_mail_server_is_down_is_logged_not_a_500(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.REMINDER_RETRY_BACKOFF = 0
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("invite"),
        {
            "email": "liaison@example.org",
            "first_name": "Anna",
            "last_name": "Berg",
            "role": "liaison",
            "company": world.company_c.pk,
            "language": "en",
        },
    )
    assert response.status_code == 302
    invitation = Delivery.objects.get(kind="invitation")
    assert invitation.status == DeliveryStatus.FAILED and "ConnectionRefusedError" in invitation.last_error


def test_password_reset_with_the_broker_down_says_so_for_any_address(client, world, broker_down):
    for email in (world.users.officer_a.email, "nobody@example.org"):
        response = client.post(reverse("password_reset"), {"email": email})
        assert response.status_code == 200
        assert "could not be sent just now" in response.content.decode()
