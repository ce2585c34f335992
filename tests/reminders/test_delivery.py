"""Delivery through real servers: an SMTP server on a loopback port (aiosmtpd), a Celery
worker on the local Redis, and two passes at once on PostgreSQL."""

import datetime
import os
import threading
import time

import pytest
from django.core import mail
from django.db import connection

from reminders.models import Delivery, DeliveryStatus
from reminders.tasks import send_daily_reminders
from tests import factories
from tests.helpers import free_port
from tests.reminders.conftest import Inbox

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture
def due(db):
    """An officer (Chinese e-mails) whose department has one overdue response."""
    department = factories.DepartmentFactory()
    officer = factories.OfficerFactory(department=department, user__username="li.wei", language="zh-hans")
    meeting = factories.MeetingFactory(
        number=16, date=datetime.date(2026, 9, 1), response_deadline=datetime.date(2026, 11, 20)
    )
    factories.RecommendationFactory(
        paper__meeting=meeting, lead_department=department, title_en="Open the market", title_zh_hans="开放市场"
    )
    return officer


def run_pass(capture):
    with capture(execute=True):
        send_daily_reminders(TODAY.isoformat())


@pytest.mark.django_db
def test_digest_reaches_a_real_smtp_server_in_chinese(smtp, due, django_capture_on_commit_callbacks):
    inbox = smtp(Inbox())
    run_pass(django_capture_on_commit_callbacks)
    (message,) = inbox.messages
    assert message["To"] == "li.wei@example.org"
    # Django folds an encoded subject onto a continuation line; decoded, it reads as written.
    assert message["Subject"].strip() == "建议跟踪：您有 1 条建议待办（2026-11-29）"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "开放市场" in text and "逾期 9 天" in text
    assert "/recommendations/16-" in html
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert delivery.attempt_log[0]["outcome"] == "sent" and delivery.duration_ms is not None


@pytest.mark.django_db
def test_transient_421_is_retried_and_delivered_once(smtp, due, django_capture_on_commit_callbacks):
    inbox = smtp(Inbox(data_answers=["421 Service not available, try later"]))
    run_pass(django_capture_on_commit_callbacks)
    assert len(inbox.messages) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert [attempt["outcome"] for attempt in delivery.attempt_log] == ["retry", "sent"]
    assert "421" in delivery.attempt_log[0]["error"]


@pytest.mark.django_db
def test_transient_failures_stop_after_three_retries(smtp, due, django_capture_on_commit_callbacks, settings):
    inbox = smtp(Inbox(data_answers=["451 Local error"] * 10))
    run_pass(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == settings.REMINDER_MAX_RETRIES + 1
    assert inbox.messages == []


@pytest.mark.django_db
def test_permanent_550_is_recorded_and_not_retried(smtp, due, django_capture_on_commit_callbacks):
    inbox = smtp(Inbox(rcpt_answers=["550 No such user here"]))
    run_pass(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "550" in delivery.last_error
    assert inbox.messages == []


@pytest.mark.django_db
def test_refused_connection_is_transient(settings, due, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    settings.REMINDER_RETRY_BACKOFF = 0
    run_pass(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert [attempt["outcome"] for attempt in delivery.attempt_log] == ["retry", "retry", "retry", "failed"]
    assert "ConnectionRefusedError" in delivery.last_error


@pytest.mark.django_db(transaction=True)
def test_beat_task_runs_on_a_real_worker_and_the_mail_arrives(smtp, due, celery_worker):
    inbox = smtp(Inbox())
    celery_worker.send_task("reminders.tasks.send_daily_reminders", args=[TODAY.isoformat()])
    deadline = time.monotonic() + 30
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(inbox.messages) == 1, "the worker did not deliver within 30 s"
    assert inbox.messages[0]["To"] == "li.wei@example.org"
    deadline = time.monotonic() + 10
    while Delivery.objects.get().status != DeliveryStatus.SENT and time.monotonic() < deadline:
        time.sleep(0.1)
    assert Delivery.objects.get().status == DeliveryStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_hand_overs_a_moment_apart_reach_a_real_worker_as_one_e_mail(smtp, due, celery_worker, settings):
    """Each hand-over queues the batching NOTICE_BATCH_SECONDS later; the first batch takes
    both notices, the second finds nothing: one e-mail."""
    from django.db import transaction

    from recommendations.models import Recommendation
    from reminders import notices
    from reminders.models import DigestKind, Notice

    settings.NOTICE_BATCH_SECONDS = 2
    inbox = smtp(Inbox())
    first = Recommendation.objects.get()
    second = factories.RecommendationFactory(paper=first.paper, lead_department=due.department)
    for item in (first, second):
        with transaction.atomic():
            notices.write(DigestKind.ASSIGNMENT, [(due.user, item, {"comment": "Yours"})])
    deadline = time.monotonic() + 30
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # the second hand-over's batching has run by now, and found nothing
    assert len(inbox.messages) == 1, "expected one e-mail for both hand-overs"
    assert first.reference in inbox.messages[0].get_body(("plain",)).get_content()
    assert second.reference in inbox.messages[0].get_body(("plain",)).get_content()
    assert not Notice.objects.filter(delivery__isnull=True).exists()
    assert Delivery.objects.get().kind == DigestKind.ASSIGNMENT


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent passes need a server database; CI runs this on PostgreSQL",
)
def test_two_passes_at_the_same_moment_send_one_digest_each(due, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for index in range(5):
        factories.OfficerFactory(department=due.department, user__username=f"colleague{index}")
    start = threading.Barrier(2)
    errors = []

    def one_pass():
        try:
            start.wait()
            send_daily_reminders(TODAY.isoformat())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert len(recipients) == 6
    assert len(set(recipients)) == 6, "a digest went out twice"
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 6
