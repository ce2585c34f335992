import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts.once import new_token

pytestmark = pytest.mark.django_db


def test_admin_resend_puts_failed_deliveries_back_and_sends_them(client, world, django_capture_on_commit_callbacks):
    from reminders.models import Delivery

    failed = Delivery.objects.create(
        recipient=world.users.officer_a,
        email="officer@example.org",
        day=datetime.date(2026, 11, 29),
        kind="reminders",
        status="failed",
        attempts=4,
        payload={"groups": [], "count": 0},
    )
    sent = Delivery.objects.create(
        recipient=world.users.officer_b,
        email="other@example.org",
        day=datetime.date(2026, 11, 29),
        kind="reminders",
        status="sent",
        payload={"groups": [], "count": 0},
    )
    client.force_login(world.users.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:reminders_delivery_changelist"),
            {"form_token": new_token(), "action": "resend", "_selected_action": [failed.pk, sent.pk]},
        )
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 1
    assert sent.attempts == 0
    assert [message.to for message in mail.outbox] == [["officer@example.org"]]
