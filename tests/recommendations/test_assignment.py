"""The secretariat assigns on the site: one recommendation, many at once, the returned queue."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.once import new_token
from recommendations.models import Recommendation, ReturnedAssignment
from reminders.models import Delivery
from tests import factories

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, {**data, "form_token": new_token()})


@pytest.fixture
def secretariat(client, world):
    client.force_login(world.users.secretariat)
    return client


def test_the_secretariat_assigns_with_supporting_departments_and_a_note(
    secretariat, world, django_capture_on_commit_callbacks
):
    supporting = factories.DepartmentFactory(slug="dept-s")
    factories.OfficerFactory(department=supporting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            secretariat,
            reverse("recommendations:assign", args=[world.drafting.reference]),
            {"lead_department": world.department_b.pk, "supporting_departments": [supporting.pk], "note": "Transport"},
        )
    assert response.status_code == 302
    item = Recommendation.objects.get(pk=world.drafting.pk)
    assert item.lead_department == world.department_b
    assert list(item.supporting_departments.all()) == [supporting]
    assert any(record.history_change_reason == "Transport" for record in item.history.all())
    # The officers of both departments that newly have it hear, once each, with the note.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([world.users.officer_b.email, supporting.officers.get().user.email])
    assert all("Transport" in message.body and item.reference in message.body for message in mail.outbox)


def test_an_inactive_department_is_refused_and_nothing_changes(secretariat, world):
    closed = factories.DepartmentFactory(slug="closed", is_active=False)
    response = post(
        secretariat,
        reverse("recommendations:assign", args=[world.drafting.reference]),
        {"lead_department": closed.pk},
    )
    assert response.status_code == 400
    assert Recommendation.objects.get(pk=world.drafting.pk).lead_department == world.department_a


def test_the_lead_cannot_also_support(secretariat, world):
    response = post(
        secretariat,
        reverse("recommendations:assign", args=[world.drafting.reference]),
        {"lead_department": world.department_b.pk, "supporting_departments": [world.department_b.pk]},
    )
    assert response.status_code == 400
    assert "cannot also be a supporting department" in response.content.decode()


def test_bulk_assignment_of_ticked_rows_sends_one_e_mail_per_officer(
    secretariat, world, django_capture_on_commit_callbacks
):
    unassigned = [factories.RecommendationFactory(paper=world.paper_c) for _ in range(3)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            secretariat,
            reverse("recommendations:bulk_assign"),
            {
                "lead_department": world.department_b.pk,
                "scope": "selected",
                "references": [item.reference for item in unassigned],
                "next": "/recommendations/",
            },
        )
    assert response.status_code == 302
    assert (
        Recommendation.objects.filter(pk__in=[i.pk for i in unassigned], lead_department=world.department_b).count()
        == 3
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.users.officer_b.email]
    assert all(item.reference in mail.outbox[0].body for item in unassigned)


def test_bulk_assignment_of_all_that_a_filter_finds(secretariat, world):
    unassigned = [factories.RecommendationFactory(paper=world.paper_c) for _ in range(2)]
    post(
        secretariat,
        reverse("recommendations:bulk_assign"),
        {"lead_department": world.department_b.pk, "scope": "all", "filter": "assigned=no"},
    )
    assert set(Recommendation.objects.filter(lead_department=world.department_b)) >= set(unassigned)
    assert not Recommendation.objects.unassigned().exists()


def test_a_bulk_assignment_naming_a_missing_row_changes_nothing(secretariat, world):
    unassigned = factories.RecommendationFactory(paper=world.paper_c)
    response = post(
        secretariat,
        reverse("recommendations:bulk_assign"),
        {
            "lead_department": world.department_b.pk,
            "scope": "selected",
            "references": [unassigned.reference, "99-99-99"],
        },
    )
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=unassigned.pk).lead_department is None
    assert not Delivery.objects.exists()


def test_a_returned_item_waits_on_the_overview_and_is_reassigned_in_one_step(client, world):
    client.force_login(world.users.officer_a)
    post(client, reverse("recommendations:return", args=[world.drafting.reference]), {"reason": "Not ours: transport"})
    client.force_login(world.users.secretariat)
    page = client.get(reverse("home"))
    returned = next(figure for figure in page.context["alerts"] if figure.key == "returned")
    assert returned.count == 1
    listed = client.get(returned.url).context["page"].paginator.count
    assert listed == 1
    assert "Not ours: transport" in page.content.decode()
    post(
        client,
        reverse("recommendations:assign", args=[world.drafting.reference]),
        {"lead_department": world.department_b.pk, "next": "/"},
    )
    assert ReturnedAssignment.objects.count() == 1
    assert not Recommendation.objects.returned_to_secretariat().exists()
    client.force_login(world.users.officer_b)
    assert world.drafting.reference in client.get(reverse("workspace")).content.decode()


def test_the_secretariats_page_shows_its_own_actions_and_a_departments_only_on_its_behalf(secretariat, world):
    url = world.drafting.get_absolute_url()
    page = secretariat.get(url)
    assert page.context["assignment_form"] is not None
    assert page.context["progress_form"] is None and page.context["response_form"] is None
    page = secretariat.get(url, {"on_behalf": "1"})
    assert page.context["progress_form"] is not None
    assert "acting on the lead department" in page.content.decode()


def test_the_secretariat_moves_a_target_date_with_a_reason_on_record(secretariat, world):
    import datetime

    response = post(
        secretariat,
        reverse("recommendations:move_target", args=[world.drafting.reference]),
        {"requested_date": "2027-09-30", "reason": "The national plan moved."},
    )
    assert response.status_code == 302
    item = Recommendation.objects.get(pk=world.drafting.pk)
    assert item.target_date == datetime.date(2027, 9, 30)
    extension = item.extensions.get()
    assert (extension.status, extension.decided_by, extension.reason) == (
        "approved",
        world.users.secretariat,
        "The national plan moved.",
    )


def test_the_secretariat_links_by_reference_but_not_to_itself_or_nothing(secretariat, world):
    url = reverse("recommendations:link", args=[world.drafting.reference])
    assert post(secretariat, url, {"reference": world.other.reference}).status_code == 302
    assert world.other in world.drafting.related.all() and world.drafting in world.other.related.all()
    itself = post(secretariat, url, {"reference": world.drafting.reference})
    assert itself.status_code == 400 and "cannot be related to itself" in itself.content.decode()
    missing = post(secretariat, url, {"reference": "99-99-99"})
    assert missing.status_code == 400 and "no recommendation with this reference" in missing.content.decode()


@pytest.mark.parametrize("role", ["officer_a", "head_a", "liaison_c"])
def test_only_the_secretariat_moves_dates_and_links(client, world, role):
    client.force_login(getattr(world.users, role))
    moved = post(
        client,
        reverse("recommendations:move_target", args=[world.drafting.reference]),
        {"requested_date": "2027-09-30", "reason": "Because"},
    )
    linked = post(
        client, reverse("recommendations:link", args=[world.drafting.reference]), {"reference": world.other.reference}
    )
    assert (moved.status_code, linked.status_code) == (403, 403)
    assert not world.drafting.related.exists() and not world.drafting.extensions.exists()


def test_the_secretariat_reopens_a_published_response_for_the_department(client, world):
    client.force_login(world.users.secretariat)
    url = reverse("recommendations:reopen", args=[world.published.reference])
    assert post(client, url, {"reason": "The company shows the rule changed."}).status_code == 302
    response = Recommendation.objects.get(pk=world.published.pk).response
    assert (response.state, response.review_comment, response.published_at) == (
        "draft",
        "The company shows the rule changed.",
        None,
    )
    assert response.history.filter(state="published").exists()
    # The company no longer sees an answer; the department finds it sent back in its workspace.
    client.force_login(world.users.liaison_c)
    assert "Published text" not in client.get(world.published.get_absolute_url()).content.decode()
    client.force_login(world.users.officer_a)
    assert "The company shows the rule changed." in client.get(reverse("workspace")).content.decode()


def test_only_a_published_response_is_reopened(client, world):
    client.force_login(world.users.secretariat)
    post(client, reverse("recommendations:reopen", args=[world.awaiting.reference]), {"reason": "Try again now"})
    assert Recommendation.objects.get(pk=world.awaiting.pk).response.state == "awaiting_signoff"


@pytest.mark.parametrize("role", ["officer_a", "head_a", "liaison_c"])
def test_only_the_secretariat_reopens(client, world, role):
    client.force_login(getattr(world.users, role))
    url = reverse("recommendations:reopen", args=[world.published.reference])
    assert post(client, url, {"reason": "Try again now"}).status_code == 403
    assert Recommendation.objects.get(pk=world.published.pk).response.state == "published"
