import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.once import new_token
from recommendations.models import Feedback
from reminders import sweeper
from reminders.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db


def test_clarification_with_the_broker_down_keeps_the_feedback_and_its_notices(
    client, world, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(world.users.liaison_c)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recommendations:feedback", args=[world.published.reference]),
            {"form_token": new_token(), "answer_satisfaction": "3", "requests_clarification": "on"},
        )
    assert response.status_code == 302
    assert Feedback.objects.filter(requests_clarification=True).count() == 1
    notices = Delivery.objects.filter(kind="clarification")
    assert notices.count() == 2  # the department's officer and head
    assert {notice.status for notice in notices} == {DeliveryStatus.PENDING}
    # Later, the sweeper finds them and queues them again.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=20)):
        assert sorted(sweeper.stale_deliveries()) == sorted(notice.pk for notice in notices)


def test_admin_resend_with_the_broker_down_is_no_error(client, world, broker_down):
    delivery = Delivery.objects.create(
        recipient=world.users.officer_a,
        email="x@example.org",
        day=datetime.date(2026, 11, 29),
        kind="reminders",
        status=DeliveryStatus.FAILED,
    )
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("admin:reminders_delivery_changelist"),
        {"action": "resend", "_selected_action": [delivery.pk]},
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
