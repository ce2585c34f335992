"""What each person is shown is true: the company's track everywhere a liaison reads, cross-
references through visibility, and every figure equal to the list its link opens."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import PUBLIC_VIEW, company_view
from recommendations.models import ImplementationStatus, Recommendation, ResponseState, Visibility
from reports.builder import build_report
from reports.files import write
from tests import factories
from tests.world import PUBLISHED_AT, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_tracks(world):
    """world.published: a shared "In progress 40%", then an internal "Stalled 13%"; and a second
    published recommendation of company C whose only update is a shared "In progress 20%"."""
    recommendation = world.published
    factories.ProgressUpdateFactory(
        recommendation=recommendation,
        status=ImplementationStatus.IN_PROGRESS,
        progress=40,
        visibility=Visibility.SHARED,
        note_en="Ten factories are connected.",
        date=datetime.date(2022, 3, 1),
    )
    factories.ProgressUpdateFactory(
        recommendation=recommendation,
        status=ImplementationStatus.STALLED,
        progress=13,
        visibility=Visibility.INTERNAL,
        note_en="Budget frozen, do not tell the company yet.",
        date=datetime.date(2022, 4, 1),
    )
    second = factories.RecommendationFactory(paper=world.paper_c, lead_department=world.department_a)
    factories.ResponseFactory(
        recommendation=second,
        department=world.department_a,
        state=ResponseState.PUBLISHED,
        published_at=PUBLISHED_AT,
    )
    factories.ProgressUpdateFactory(
        recommendation=second, progress=20, visibility=Visibility.SHARED, date=datetime.date(2022, 3, 2)
    )
    return recommendation, second


def test_both_tracks_are_stored_by_the_same_sync(two_tracks):
    recommendation = Recommendation.objects.get(pk=two_tracks[0].pk)
    assert (recommendation.status, recommendation.progress, recommendation.last_update_at) == (
        ImplementationStatus.STALLED,
        13,
        datetime.date(2022, 4, 1),
    )
    assert (recommendation.shared_status, recommendation.shared_progress, recommendation.shared_last_update_at) == (
        ImplementationStatus.IN_PROGRESS,
        40,
        datetime.date(2022, 3, 1),
    )
    # The next update is due from each track's own last update.
    assert recommendation.update_due_on == datetime.date(2022, 6, 30)
    assert recommendation.shared_update_due_on == datetime.date(2022, 5, 30)


def test_a_parent_rolls_up_each_track_from_its_sub_points(world):
    child = factories.RecommendationFactory(paper=world.paper_c, parent=world.drafting)
    factories.ProgressUpdateFactory(recommendation=child, progress=80, visibility=Visibility.INTERNAL)
    parent = Recommendation.objects.get(pk=world.drafting.pk)
    assert (parent.progress, parent.shared_progress) == (80, 0)
    assert (parent.status, parent.shared_status) == (ImplementationStatus.IN_PROGRESS, ImplementationStatus.NOT_STARTED)


def test_the_liaison_sees_the_shared_track_on_every_page(client, world, two_tracks):
    recommendation, _second = two_tracks
    client.force_login(world.users.liaison_c)
    detail = client.get(recommendation.get_absolute_url()).content.decode()
    portal = client.get(reverse("portal")).content.decode()
    listed = client.get(reverse("recommendations:list")).content.decode()
    paper = client.get(reverse("paper_detail", args=[16, world.paper_c.position])).content.decode()
    company = client.get(reverse("companies:detail", args=[world.company_c.slug])).content.decode()
    for page in (detail, portal, listed, paper, company):
        assert "status-stalled" not in page
        assert 'value="13"' not in page and "13%" not in page
    assert "status-in_progress" in detail and "40%" in detail
    assert "Budget frozen" not in detail


def test_the_officer_sees_the_internal_track(client, world, two_tracks):
    recommendation, _second = two_tracks
    client.force_login(world.users.officer_a)
    detail = client.get(recommendation.get_absolute_url()).content.decode()
    header = detail.split('class="status-line"', 1)[1].split("</p>", 1)[0]
    assert "status-stalled" in header and "13%" in header
    listed = client.get(reverse("recommendations:list"), {"status": "stalled"})
    assert [r.reference for r in listed.context["page"].object_list] == [recommendation.reference]


def references(response):
    return [row.reference for row in response.context["page"].object_list]


def test_status_filter_and_sorting_read_the_shared_track_for_the_liaison(client, world, two_tracks):
    recommendation, second = two_tracks
    client.force_login(world.users.liaison_c)
    assert references(client.get(reverse("recommendations:list"), {"status": "stalled"})) == []
    in_progress = references(client.get(reverse("recommendations:list"), {"status": "in_progress"}))
    assert recommendation.reference in in_progress
    assert references(client.get(reverse("recommendations:list"), {"progress_min": "30"})) == [recommendation.reference]
    by_progress = references(client.get(reverse("recommendations:list"), {"o": "-progress"}))
    assert by_progress.index(recommendation.reference) < by_progress.index(second.reference)  # 40 before 20
    client.force_login(world.users.officer_a)
    by_progress = references(client.get(reverse("recommendations:list"), {"o": "-progress"}))
    assert by_progress.index(second.reference) < by_progress.index(recommendation.reference)  # 20 before 13


def test_the_liaison_exports_hold_the_shared_track(client, world, two_tracks):
    recommendation, _second = two_tracks
    client.force_login(world.users.liaison_c)
    text = b"".join(client.get(reverse("recommendations:export", args=["csv"])).streaming_content).decode("utf-8-sig")
    row = next(row for row in csv.reader(io.StringIO(text)) if row[0] == recommendation.reference)
    assert (row[6], row[7], row[8]) == ("In progress", "40", "2022-03-01")
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("recommendations:export", args=["xlsx"])).streaming_content))
    )
    rows = {row[0]: row for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert (rows[recommendation.reference][6], rows[recommendation.reference][7]) == ("In progress", 40)


def test_the_company_report_and_its_changes_read_the_shared_track(client, world, two_tracks):
    recommendation, _second = two_tracks
    client.force_login(world.users.liaison_c)
    page = client.get(reverse("report", args=[16]))
    report = page.context["report"]
    assert {value: count for value, _label, count in report.by_status}[ImplementationStatus.STALLED] == 0
    change = next(change for change in report.changes if change["reference"] == recommendation.reference)
    assert change["now"] == "In progress"
    download = client.get(reverse("report_download", args=[16, "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = {row[0]: row for row in workbook[workbook.sheetnames[1]].iter_rows(min_row=2, values_only=True)}
    assert (rows[recommendation.reference][8], rows[recommendation.reference][9]) == ("In progress", 40)
    assert "Budget frozen" not in str(list(rows.values()))


def test_the_government_report_counts_the_internal_track_and_the_public_one_does_not(world, two_tracks):
    meeting = world.paper_c.meeting
    government = build_report(meeting, today=TODAY)
    public = build_report(meeting, today=TODAY, viewer=PUBLIC_VIEW)
    stalled = ImplementationStatus.STALLED
    assert {value: count for value, _label, count in government.by_status}[stalled] == 1
    assert {value: count for value, _label, count in public.by_status}[stalled] == 0


def test_the_company_notice_does_not_report_an_internal_update(world, two_tracks):
    from reminders import digests

    (digest,) = [d for d in digests.company_digests(TODAY) if d.user == world.users.liaison_c]
    items = [item for group in digest.payload(digests.COMPANY_GROUPS)["groups"] for item in group["items"]]
    assert "Budget frozen" not in str(items) and "13" not in str([item.get("days_overdue") for item in items])


@pytest.fixture
def repeat_across_companies(world):
    """Company C's recommendation at meeting 17 repeats company D's of meeting 16."""
    meeting = factories.MeetingFactory(number=17)
    paper = factories.PaperFactory(meeting=meeting, company=world.company_c, position=1)
    later = factories.RecommendationFactory(paper=paper, lead_department=world.department_a)
    later.related.add(world.other, world.published)
    return later


def test_a_company_report_names_no_other_companys_recommendation(client, world, repeat_across_companies):
    client.force_login(world.users.liaison_c)
    page = client.get(reverse("report", args=[17]))
    earlier = [row["earlier"] for row in page.context["report"].repeats]
    assert earlier == [world.published.reference]
    assert world.other.reference not in page.content.decode()
    report = build_report(
        world.paper_c.meeting.__class__.objects.get(number=17),
        company=world.company_c,
        viewer=company_view(world.company_c.pk),
    )
    output = io.BytesIO()
    write(report, "docx", output)
    assert world.other.reference.encode() not in output.getvalue()
    government = build_report(world.paper_c.meeting.__class__.objects.get(number=17))
    assert sorted(row["earlier"] for row in government.repeats) == sorted(
        [world.other.reference, world.published.reference]
    )


def test_the_recommendation_page_lists_only_visible_related_items(client, world, repeat_across_companies):
    client.force_login(world.users.liaison_c)
    page = client.get(repeat_across_companies.get_absolute_url()).content.decode()
    assert world.published.reference in page and world.other.reference not in page


FIGURE = re.compile(r'<a href="(?P<url>[^"]+)" data-figure="(?P<key>[^"]+)"[^>]*>\s*<span class="tile-number">(\d+)')
BADGE = re.compile(r'<a class="count-badge" href="(?P<url>[^"]+)" data-figure="(?P<key>[^"]+)">(\d+)</a>')
LINK = re.compile(r'<a href="(?P<url>[^"]+)" data-figure="(?P<key>[^"]+)" data-count="(\d+)"')


def walk_figures(client, url):
    """Every figure link on the page, with its number and the total of the list it opens."""
    page = client.get(url).content.decode()
    found = [match.groups() for pattern in (FIGURE, BADGE, LINK) for match in pattern.finditer(page)]
    assert found, f"no figure links on {url}"
    results = []
    for link, key, number in found:
        listed = client.get(link.replace("&amp;", "&")).content.decode()
        total = re.search(r'data-total="(\d+)"', listed)
        assert total, f"{key}: {link} shows no list"
        results.append((key, int(number), int(total.group(1))))
    return results


@pytest.fixture
def busy_world(world, two_tracks):
    """Overdue responses of assigned and unassigned items, an overdue update, a clarification."""
    factories.RecommendationFactory(paper=world.paper_d, lead_department=None)
    factories.FeedbackFactory(response=world.published.response, requests_clarification=True)
    return world


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("secretariat", lambda w: reverse("home")),
        ("secretariat", lambda w: reverse("report", args=[16])),
        ("officer_a", lambda w: reverse("workspace")),
        ("head_a", lambda w: reverse("workspace")),
        ("officer_a", lambda w: reverse("report", args=[16])),
        ("liaison_c", lambda w: reverse("portal")),
        ("liaison_c", lambda w: reverse("report", args=[16])),
    ],
)
def test_every_figure_equals_the_list_its_link_opens(client, busy_world, role, url):
    client.force_login(getattr(busy_world.users, role))
    for key, number, total in walk_figures(client, url(busy_world)):
        assert number == total, f"{key}: the figure says {number}, its list shows {total}"


def test_the_overview_counts_unassigned_overdue_responses_as_its_list_does(client, busy_world):
    client.force_login(busy_world.users.secretariat)
    figures = {key: number for key, number, _total in walk_figures(client, reverse("home"))}
    # drafting, awaiting, other and the unassigned one: no published response, deadline passed.
    assert figures["overdue_responses"] == 4
