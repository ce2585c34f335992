"""Opening the next meeting and what it carries over (issue 17): one query for the open-meeting
screen, the list's `carried_into`, the report and the overview; nothing copied."""

import datetime
import re

import pytest
from django.urls import reverse

from accounts import once
from meetings.models import Meeting
from recommendations.choices import ImplementationStatus, ResponseState, Stance, Visibility
from recommendations.models import Recommendation
from reports.builder import build_report
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def years():
    """Meetings 14, 15 and 16 with items in every state; the open ones are 14's `stalled`
    and 15's `unanswered` and `internal_done` (finished on the government's track only)."""
    department = factories.DepartmentFactory()
    company, other = factories.CompanyFactory(slug="acme"), factories.CompanyFactory(slug="other")
    meetings = {number: factories.MeetingFactory(number=number) for number in (14, 15, 16)}
    paper = {n: factories.PaperFactory(meeting=meetings[n], company=company) for n in meetings}
    other_paper = factories.PaperFactory(meeting=meetings[15], company=other)

    def item(number, stance=None, status=None, visibility=Visibility.SHARED, on=None):
        rec = factories.RecommendationFactory(paper=on or paper[number], lead_department=department)
        if stance:
            factories.ResponseFactory(
                recommendation=rec, department=department, stance=stance, state=ResponseState.PUBLISHED
            )
        if status:
            factories.ProgressUpdateFactory(recommendation=rec, status=status, progress=100, visibility=visibility)
        return rec

    items = {
        "stalled": item(14, Stance.ACCEPTED, ImplementationStatus.STALLED),
        "implemented": item(14, Stance.ACCEPTED, ImplementationStatus.IMPLEMENTED),
        "not_adopted": item(15, Stance.NOT_ADOPTED),
        "unanswered": item(15),
        "internal_done": item(15, Stance.ACCEPTED, ImplementationStatus.IMPLEMENTED, Visibility.INTERNAL),
        "others": item(15, on=other_paper),
        "this_year": item(16),
    }
    return meetings, items, company


def refs(queryset):
    return sorted(queryset.values_list("reference", flat=True))


def test_carry_over_across_three_meetings_on_both_tracks(years):
    meetings, items, company = years
    from accounts.roles import GOVERNMENT_VIEW, company_view

    seen = Recommendation.objects.seen_by(GOVERNMENT_VIEW)
    assert refs(seen.carried_into(meetings[16])) == sorted(
        items[k].reference for k in ("stalled", "unanswered", "others")
    )
    assert refs(seen.carried_into(meetings[15])) == [items["stalled"].reference]
    assert not seen.carried_into(meetings[14]).exists()
    # The company's track does not know of the internal "implemented": it is open there.
    company_seen = Recommendation.objects.seen_by(company_view(company.pk))
    assert refs(company_seen.carried_into(meetings[16])) == sorted(
        items[k].reference for k in ("stalled", "unanswered", "internal_done")
    )
    # Carried, not copied: the references and papers stay.
    assert Recommendation.objects.count() == 7


def test_the_report_the_list_and_the_overview_say_the_same(client, years, world_users):
    meetings, _items, _company = years
    report = build_report(meetings[16])
    assert report.carried_figure.count == 3
    assert [(row["paper__meeting__number"], row["open"]) for row in report.carried_over] == [(15, 2), (14, 1)]
    client.force_login(world_users["secretariat"])
    listed = client.get(report.carried_figure.url)
    assert listed.context["page"].paginator.count == 3
    assert "Carried over from meeting 14" in listed.content.decode()
    page = client.get(reverse("home")).content.decode()
    tile = re.search(r'data-figure="carried_over"><span class="tile-number">(\d+)', page)
    assert tile and tile.group(1) == "3"


@pytest.fixture
def world_users():
    return {
        "secretariat": factories.SecretariatUserFactory(),
        "officer": factories.OfficerFactory().user,
        "liaison": factories.LiaisonFactory().user,
    }


def post(client, data):
    return client.post(reverse("open_meeting"), {**data, once.FIELD: once.new_token()})


MEETING_17 = {
    "number": "17",
    "year": "2022",
    "date": "2022-11-10",
    "theme_en": "A new chapter",
    "theme_zh_hans": "新篇章",
    "response_deadline": "",
}


def test_the_secretariat_opens_meeting_17_and_sees_the_carry_over(client, years, world_users):
    client.force_login(world_users["secretariat"])
    screen = client.get(reverse("open_meeting"))
    assert screen.status_code == 200
    assert screen.context["form"].initial["number"] == 17
    assert screen.context["carried_count"] == 4  # 14 and 15 open items, and 16's unanswered one
    response = post(client, MEETING_17)
    assert response.status_code == 302 and response["Location"].endswith("?carried_into=17")
    meeting = Meeting.objects.get(number=17)
    assert meeting.theme_zh_hans == "新篇章" and meeting.response_deadline == datetime.date(2023, 1, 9)
    listed = client.get(response["Location"])
    assert listed.context["page"].paginator.count == 3 + 1  # and 16's own open item


@pytest.mark.parametrize(
    "change, field",
    [
        ({"number": "16"}, "number"),
        ({"year": "2021"}, "year"),
        ({"response_deadline": "2022-01-01"}, "response_deadline"),
        ({"theme_en": "", "date": ""}, "date"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(client, years, world_users, change, field):
    client.force_login(world_users["secretariat"])
    response = post(client, {**MEETING_17, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Meeting.objects.filter(number__gt=16).exists()


@pytest.mark.parametrize("role", ["officer", "liaison"])
def test_only_the_secretariat_opens_a_meeting(client, years, world_users, role):
    client.force_login(world_users[role])
    assert client.get(reverse("open_meeting")).status_code == 403
    assert post(client, MEETING_17).status_code == 403
    assert not Meeting.objects.filter(number=17).exists()
