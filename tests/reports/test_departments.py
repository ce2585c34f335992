"""The department dashboard: each figure on data whose answers are known, the lists its figures
open, who may see it, and a fixed number of queries."""

import datetime
import io
from urllib.parse import parse_qsl, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import GOVERNMENT_VIEW
from recommendations import performance
from recommendations.figures import filtered
from recommendations.models import ResponseState, Stance, Visibility
from recommendations.models.followup import ReturnedAssignment
from tests import factories

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2025, 11, 6)
DEADLINE = datetime.date(2026, 1, 5)


def aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def publish(recommendation, department, days, stance=Stance.ACCEPTED):
    return factories.ResponseFactory(
        recommendation=recommendation,
        department=department,
        stance=stance,
        state=ResponseState.PUBLISHED,
        published_at=aware(MEETING_DAY + datetime.timedelta(days=days)),
    )


@pytest.fixture
def known(db):
    """Meeting 17: Economy leads A (answered in 40 days, implemented, rated 5/4), C (no answer,
    past the deadline) and E (answered in 80 days, no update since: overdue; rated 2 with an open
    clarification request); Commerce leads B (answered in 80 days, updated recently), supports A
    and gave R back. Meeting 16 has one recommendation of Economy's, answered on time."""
    econ = factories.DepartmentFactory(slug="econ", name_en="Economy and IT", short_name_en="Economy")
    commerce = factories.DepartmentFactory(slug="commerce", name_en="Commerce", short_name_en="Commerce")
    idle = factories.DepartmentFactory(slug="idle", name_en="Idle Office")
    meeting = factories.MeetingFactory(number=17, date=MEETING_DAY, response_deadline=DEADLINE)
    earlier = factories.MeetingFactory(
        number=16, date=datetime.date(2021, 11, 5), response_deadline=datetime.date(2022, 1, 4)
    )
    paper = factories.PaperFactory(meeting=meeting, position=1)
    a = factories.RecommendationFactory(paper=paper, lead_department=econ)
    a.supporting_departments.add(commerce)
    response_a = publish(a, econ, 40)
    factories.ProgressUpdateFactory(
        recommendation=a, status="implemented", progress=100, date=datetime.date(2026, 6, 1)
    )
    factories.RecommendationFactory(paper=paper, lead_department=econ)  # C
    e = factories.RecommendationFactory(paper=paper, lead_department=econ)
    response_e = publish(e, econ, 80)
    b = factories.RecommendationFactory(paper=paper, lead_department=commerce)
    publish(b, commerce, 80, Stance.PARTIALLY_ACCEPTED)
    today = timezone.localdate()
    factories.ProgressUpdateFactory(
        recommendation=b, progress=40, date=today - datetime.timedelta(days=10), visibility=Visibility.SHARED
    )
    r = factories.RecommendationFactory(paper=paper)
    ReturnedAssignment.objects.create(
        recommendation=r, department=commerce, returned_by=factories.UserFactory(), reason="Not ours."
    )
    factories.FeedbackFactory(response=response_a, answer_satisfaction=5, result_satisfaction=4)
    factories.FeedbackFactory(response=response_e, answer_satisfaction=2, requests_clarification=True)
    old = factories.RecommendationFactory(
        paper=factories.PaperFactory(meeting=earlier, position=1), lead_department=econ
    )
    factories.ResponseFactory(
        recommendation=old,
        department=econ,
        stance=Stance.NOTED,
        state=ResponseState.PUBLISHED,
        published_at=aware(datetime.date(2021, 12, 1)),
    )
    return {"meeting": meeting, "earlier": earlier, "econ": econ, "commerce": commerce, "idle": idle}


def rows_of(dashboard):
    return {row.department.slug: row.values for row in dashboard.rows}


def test_each_figure_of_one_meeting(known):
    rows = rows_of(performance.build(known["meeting"]))
    assert set(rows) == {"econ", "commerce"}  # a department without recommendations is left out
    econ, commerce = rows["econ"], rows["commerce"]
    assert (econ["received"], econ["answered"], econ["answered_on_time"], econ["response_overdue"]) == (3, 2, 1, 1)
    assert econ["on_time_pct"] == 33  # 1 of the 3 whose answer fell due
    assert (econ["median_days"], econ["p90_days"]) == (40, 80)
    assert (econ["updates_expected"], econ["update_overdue"], econ["updates_on_time_pct"]) == (1, 1, 0)
    assert (econ["implemented"], econ["implemented_pct"], econ["average_progress"]) == (1, 33, 33)
    assert (econ["answer_rating"], econ["answer_high_pct"]) == (3.5, 50)
    assert (econ["result_rating"], econ["result_high_pct"]) == (4.0, 100)
    assert (econ["clarifications"], econ["returned"], econ["supporting"]) == (1, 0, 0)
    assert (commerce["received"], commerce["supporting"], commerce["returned"]) == (1, 1, 1)
    assert (commerce["on_time_pct"], commerce["median_days"], commerce["updates_on_time_pct"]) == (0, 80, 100)
    assert commerce["answer_rating"] is None and commerce["answer_high_pct"] is None


def test_all_meetings_add_the_earlier_one_and_the_trend_reads_each_meeting(known):
    dashboard = performance.build()
    econ = rows_of(dashboard)["econ"]
    assert (econ["received"], econ["answered"], econ["answered_on_time"]) == (4, 3, 2)
    assert econ["on_time_pct"] == 50  # 2 of 4 due
    assert dashboard.council.values["received"] == 5  # every assigned recommendation
    assert [(number, rate) for number, _year, rate, _due in dashboard.trend] == [(16, 100), (17, 25)]
    assert dashboard.medians.values["on_time_pct"] == 25  # the median of 50 and 0


def test_every_figure_equals_the_list_it_opens(known, client):
    client.force_login(factories.SecretariatUserFactory())
    for meeting in (known["meeting"], None):
        dashboard = performance.build(meeting)
        for row in [*dashboard.rows, dashboard.council]:
            for column, value, url in row.cells():
                if url is None:
                    continue
                params = dict(parse_qsl(urlparse(url).query))
                listed = filtered(GOVERNMENT_VIEW, params).count()
                counted = row.values[column.link]
                assert listed == counted, (row.name, column.key, url)
                if column.kind == "count":
                    assert value == counted
                opened = url
    assert client.get(opened).status_code == 200


def test_sorted_by_any_column_both_ways(known):
    names = [row.department.slug for row in performance.build(known["meeting"], order="on_time_pct").rows]
    assert names == ["commerce", "econ"]
    names = [row.department.slug for row in performance.build(known["meeting"], order="-on_time_pct").rows]
    assert names == ["econ", "commerce"]
    names = [row.department.slug for row in performance.build(known["meeting"], order="nonsense").rows]
    assert names == ["commerce", "econ"]  # by name


@pytest.mark.parametrize(("role", "status"), [("secretariat", 200), ("officer", 200), ("head", 200), ("liaison", 404)])
def test_who_may_see_it(known, client, role, status):
    if role == "secretariat":
        user = factories.SecretariatUserFactory()
    elif role == "liaison":
        user = factories.LiaisonFactory().user
    else:
        user = factories.OfficerFactory(department=known["econ"], is_head=role == "head").user
    client.force_login(user)
    assert client.get(reverse("department_dashboard")).status_code == status
    assert client.get(reverse("department_dashboard_xlsx")).status_code == status


def test_the_page_links_its_figures_and_the_workbook_has_the_table(known, client):
    client.force_login(factories.SecretariatUserFactory())
    page = client.get(reverse("department_dashboard"), {"meeting": known["meeting"].pk}).content.decode()
    assert "Economy" in page and 'data-figure="response_overdue"' in page
    assert f"department={known['econ'].pk}" in page
    known["econ"].short_name_en = "=HYPERLINK(1)"
    known["econ"].save()
    response = client.get(reverse("department_dashboard_xlsx"), {"meeting": known["meeting"].pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = {row[0].value: row for row in sheet.iter_rows(min_row=2) if row[0].value}
    assert names["=HYPERLINK(1)"][0].data_type == "s"  # a name is text, never a formula
    assert names["=HYPERLINK(1)"][1].value == 3  # received


def test_a_fixed_number_of_queries_whatever_the_size(known, client):
    client.force_login(factories.SecretariatUserFactory())
    url = reverse("department_dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for index in range(6):
        department = factories.DepartmentFactory(slug=f"extra-{index}")
        recommendation = factories.RecommendationFactory(
            paper=factories.PaperFactory(meeting=known["meeting"], position=10 + index), lead_department=department
        )
        publish(recommendation, department, 20 + index)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(before.captured_queries) == len(after.captured_queries) <= 10


def test_the_workspace_compares_the_department_with_the_median_department(known, client):
    client.force_login(factories.OfficerFactory(department=known["econ"]).user)
    comparison = client.get(reverse("workspace")).context["comparison"]
    figures = {column.key: (value, median) for column, value, _url, median in comparison}
    # Over both meetings: Economy 50% on time, Commerce 0%; days 40 (of 40, 80, 26) and 80.
    assert figures["on_time_pct"] == (50, 25)
    assert figures["median_days"] == (40, 60)
    assert figures["updates_on_time_pct"] == (0, 50)
