"""Hand-over notices through a real SMTP server: each hand-over, done as the person does it on
the site, sends exactly one e-mail to exactly the right people, in their language; a kind turned
off sends none; a bulk assignment is one e-mail per officer."""

import pytest
from django.urls import reverse

from accounts.models import Officer
from accounts.once import new_token
from companies.models import Liaison
from recommendations.models import Feedback, Recommendation, Response
from reminders.models import Delivery, DeliveryStatus, DigestKind, MutedKind, Notice
from tests import factories
from tests.reminders.conftest import Inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(smtp, world):
    # officer A and liaison C read Chinese; the others English.
    Officer.objects.filter(user=world.users.officer_a).update(language="zh-hans")
    Officer.objects.exclude(user=world.users.officer_a).update(language="en")
    Liaison.objects.filter(user=world.users.liaison_c).update(language="zh-hans")
    Response.objects.filter(recommendation=world.awaiting).update(drafted_by=world.users.officer_a)
    return smtp(Inbox())


def act(capture, client, user, url, data):
    """Post a form as `user` does on the site; what it queues runs once it commits."""
    client.force_login(user)
    with capture(execute=True):
        response = client.post(url, {"form_token": new_token(), **data})
    assert response.status_code == 302, response.content.decode()[:800]
    return response


def received(inbox):
    return sorted((message["To"], " ".join(message["Subject"].split())) for message in inbox.messages)


def body(message):
    return message.get_body(("plain",)).get_content()


def test_assignment_reaches_the_new_departments_officers_only(inbox, world, client, django_capture_on_commit_callbacks):
    url = reverse("recommendations:assign", args=[world.drafting.reference])
    act(
        django_capture_on_commit_callbacks,
        client,
        world.users.secretariat,
        url,
        {"lead_department": world.department_b.pk, "note": "Transport matter"},
    )
    assert received(inbox) == [
        (
            world.users.officer_b.email,
            f"CMIEAC tracker: {world.drafting.reference} assigned to your department",
        )
    ]
    (message,) = inbox.messages
    assert "Transport matter" in body(message)
    assert f"/recommendations/{world.drafting.reference}/" in message.get_body(("html",)).get_content()
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert not Notice.objects.filter(delivery__isnull=True).exists()


def test_submission_for_sign_off_reaches_the_head(inbox, world, client, django_capture_on_commit_callbacks):
    url = reverse("recommendations:save_response", args=[world.drafting.reference])
    data = {"stance": "accepted", "text_en": "We accept.", "submit": "1"}
    act(django_capture_on_commit_callbacks, client, world.users.officer_a, url, data)
    assert received(inbox) == [
        (
            world.users.head_a.email,
            f"CMIEAC tracker: the response to {world.drafting.reference} waits for your sign-off",
        )
    ]


def test_send_back_reaches_the_drafting_officer_with_the_comment_in_chinese(
    inbox, world, client, django_capture_on_commit_callbacks
):
    url = reverse("recommendations:sign_off", args=[world.awaiting.reference])
    data = {"decision": "send_back", "comment": "Add the planned date."}
    act(django_capture_on_commit_callbacks, client, world.users.head_a, url, data)
    (message,) = inbox.messages
    assert message["To"] == world.users.officer_a.email
    assert " ".join(message["Subject"].split()) == f"建议跟踪：您对 {world.awaiting.reference} 的答复被退回修改"
    assert "Add the planned date." in body(message)


def test_publication_reaches_the_drafting_officer(inbox, world, client, django_capture_on_commit_callbacks):
    url = reverse("recommendations:sign_off", args=[world.awaiting.reference])
    act(django_capture_on_commit_callbacks, client, world.users.head_a, url, {"decision": "publish"})
    assert [message["To"] for message in inbox.messages] == [world.users.officer_a.email]
    assert Delivery.objects.get().kind == DigestKind.PUBLISHED


def test_return_reaches_the_secretariat(inbox, world, client, django_capture_on_commit_callbacks):
    second = factories.SecretariatUserFactory()
    url = reverse("recommendations:return", args=[world.drafting.reference])
    act(django_capture_on_commit_callbacks, client, world.users.officer_a, url, {"reason": "Not ours: transport."})
    assert received(inbox) == sorted(
        (user.email, f"CMIEAC tracker: {world.drafting.reference} was returned to the secretariat")
        for user in (world.users.secretariat, second)
    )
    assert all("Not ours: transport." in body(message) for message in inbox.messages)


def test_clarification_request_and_answer(inbox, world, client, django_capture_on_commit_callbacks):
    url = reverse("recommendations:feedback", args=[world.published.reference])
    data = {"answer_satisfaction": "2", "comment": "Which fund?", "requests_clarification": "on"}
    act(django_capture_on_commit_callbacks, client, world.users.liaison_c, url, data)
    assert sorted(message["To"] for message in inbox.messages) == sorted(
        [world.users.officer_a.email, world.users.head_a.email]
    )
    assert all("Which fund?" in body(message) for message in inbox.messages)
    inbox.messages.clear()
    feedback = Feedback.objects.get(requests_clarification=True)
    url = reverse("recommendations:answer_clarification", args=[world.published.reference, feedback.pk])
    data = {"clarification_en": "The SME fund.", "clarification_zh_hans": "中小企业发展基金。"}
    act(django_capture_on_commit_callbacks, client, world.users.officer_a, url, data)
    (message,) = inbox.messages
    assert message["To"] == world.users.liaison_c.email
    assert "中小企业发展基金。" in body(message) and "The SME fund." not in body(message)


def test_extension_decision_reaches_the_requester(inbox, world, client, django_capture_on_commit_callbacks):
    url = reverse("recommendations:request_extension", args=[world.drafting.reference])
    act(
        django_capture_on_commit_callbacks,
        client,
        world.users.officer_a,
        url,
        {"requested_date": "2027-06-30", "reason": "Budget in spring."},
    )
    assert inbox.messages == []  # the request itself is on the head's workspace
    url = reverse("recommendations:decide_extension", args=[world.drafting.reference])
    act(django_capture_on_commit_callbacks, client, world.users.head_a, url, {"decision": "approve"})
    (message,) = inbox.messages
    assert message["To"] == world.users.officer_a.email
    assert "2027-06-30" in body(message)


def test_a_kind_turned_off_sends_nothing(inbox, world, client, django_capture_on_commit_callbacks):
    client.force_login(world.users.officer_b)
    client.post(reverse("notifications"), {"reminders": "on", "language": "en"})  # everything but reminders off
    assert MutedKind.objects.filter(user=world.users.officer_b, kind=DigestKind.ASSIGNMENT).exists()
    url = reverse("recommendations:assign", args=[world.drafting.reference])
    act(
        django_capture_on_commit_callbacks,
        client,
        world.users.secretariat,
        url,
        {"lead_department": world.department_b.pk},
    )
    assert inbox.messages == [] and not Notice.objects.exists()


def test_bulk_assignment_of_40_sends_one_e_mail_per_officer(inbox, world, client, django_capture_on_commit_callbacks):
    second = factories.OfficerFactory(department=world.department_b, language="zh-hans").user
    items = [factories.RecommendationFactory(paper=world.paper_d, lead_department=None) for _ in range(40)]
    url = reverse("recommendations:bulk_assign")
    data = {
        "lead_department": world.department_b.pk,
        "scope": "selected",
        "references": [item.reference for item in items],
        "next": reverse("recommendations:list"),
    }
    act(django_capture_on_commit_callbacks, client, world.users.secretariat, url, data)
    assert sorted(message["To"] for message in inbox.messages) == sorted([world.users.officer_b.email, second.email])
    english = next(message for message in inbox.messages if message["To"] == world.users.officer_b.email)
    assert " ".join(english["Subject"].split()) == "CMIEAC tracker: 40 recommendations assigned to your department"
    assert all(item.reference in body(english) for item in items)
    assert Recommendation.objects.filter(lead_department=world.department_b).count() == 41


def test_notices_of_a_few_minutes_are_batched_into_one_e_mail(world):
    """With a broker, the batching runs NOTICE_BATCH_SECONDS after the hand-over and takes
    everything waiting by then: two assignments a minute apart are one e-mail."""
    from reminders import notices

    for item in (world.drafting, world.awaiting):
        notices.write(DigestKind.ASSIGNMENT, [(world.users.officer_b, item, {"comment": ""})])
    assert notices.batch(older_than_seconds=60) == []  # too fresh for the sweep's safety net
    (delivery_id,) = notices.batch()
    delivery = Delivery.objects.get(pk=delivery_id)
    assert delivery.references.split() == sorted([world.drafting.reference, world.awaiting.reference])
    assert notices.batch() == []  # each notice is batched once


def test_notice_kinds_follow_the_reader_and_an_inactive_person_gets_none(world):
    from reminders import notices

    world.users.officer_b.is_active = False
    world.users.officer_b.save()
    assert notices.write(DigestKind.ASSIGNMENT, [(world.users.officer_b, world.drafting, {})]) == []
    # the person who made the hand-over is not told of it
    assert notices.write(DigestKind.SIGNOFF, [(world.users.head_a, world.drafting, {})], by=world.users.head_a) == []
