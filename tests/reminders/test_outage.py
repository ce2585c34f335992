import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.once import new_token
from recommendations.models import Feedback
from reminders import sweeper, tasks
from reminders.models import Delivery, DeliveryStatus, Notice

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
    # The notices are written with the feedback; their batching could not be queued.
    assert Notice.objects.filter(kind="clarification", delivery__isnull=True).count() == 2  # officer and head
    assert not Delivery.objects.exists()
    # The sweep batches them once they are older than the batching delay (and tries to queue
    # the sending, which the broker still refuses) ...
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        tasks.sweep()
    notices = Delivery.objects.filter(kind="clarification")
    assert notices.count() == 2
    assert {notice.status for notice in notices} == {DeliveryStatus.PENDING}
    assert not Notice.objects.filter(delivery__isnull=True).exists()
    # ... and later finds the e-mails still pending and queues them again.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
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
