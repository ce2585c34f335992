import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from accounts import roles
from accounts.models import Officer
from companies.models import Company, Liaison
from meetings.models import Meeting, Paper
from recommendations.models import ProgressUpdate, Recommendation, Response
from recommendations.models.followup import DeadlineExtension, Feedback

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

DEMO_USERNAMES = {"secretariat", "officer-econ", "head-econ", "officer-commerce", "liaison-corning", "liaison-ericsson"}


def snapshot():
    return {
        "meetings": Meeting.objects.count(),
        "papers": Paper.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "responses": Response.objects.count(),
        "updates": ProgressUpdate.objects.count(),
        "ratings": Feedback.objects.count(),
        "extensions": DeadlineExtension.objects.count(),
        "users": get_user_model().objects.count(),
        "companies": Company.objects.count(),
        "history": Recommendation.history.count() + Response.history.count() + Paper.history.count(),
        "statuses": list(Recommendation.objects.order_by("pk").values_list("status", "progress")),
    }


@pytest.fixture
def demo(demo_settings):
    """The demo as load_demo left it (tests/demo/conftest.py loads it once per module)."""


def test_load_demo_loads_the_16th_meeting(demo):
    meeting = Meeting.objects.get()
    assert (meeting.number, meeting.year) == (16, 2021)
    assert Paper.objects.count() == 19
    assert Recommendation.objects.count() >= 150
    assert set(get_user_model().objects.values_list("username", flat=True)) == DEMO_USERNAMES
    # The unattributed paper stays unattributed.
    assert Paper.objects.filter(company__isnull=True).count() == 1
    ericsson_paper = Paper.objects.get(company__slug="ericsson")
    assert ericsson_paper.title_en == "Suggestions on the Development of 5G+ Manufacturing in Chongqing"
    assert ericsson_paper.document.read().decode().startswith(ericsson_paper.extracted_text[:200])
    assert Recommendation.objects.filter(parent__isnull=False).exists()


def test_demo_recommendation_keeps_the_papers_full_text(demo):
    suggestion = Recommendation.objects.get(paper__company__slug="ericsson", number="Suggestion 1:")
    assert suggestion.reference.startswith("16-11-")
    assert "5G" in suggestion.title_en
    assert len(suggestion.text_en) > len(suggestion.title_en)
    assert "\n" not in suggestion.text_en
    assert suggestion.children.count() == 3


def test_sample_data_is_marked(demo):
    assert Response.objects.exists() and ProgressUpdate.objects.exists()
    assert not Response.objects.filter(is_sample=False).exists()
    assert not ProgressUpdate.objects.filter(is_sample=False).exists()
    for response in Response.objects.all():
        assert response.text_en.startswith("[Sample data]")
        assert response.text_zh_hans.startswith("【示例数据】")
    # The sample updates moved some recommendations along.
    assert Recommendation.objects.exclude(status="not_started").exists()


def test_demo_users_log_in_with_their_roles(demo):
    expected = {
        "secretariat": roles.SECRETARIAT,
        "officer-econ": roles.OFFICER,
        "head-econ": roles.HEAD,
        "officer-commerce": roles.OFFICER,
        "liaison-corning": roles.LIAISON,
        "liaison-ericsson": roles.LIAISON,
    }
    for username, role in expected.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password("ccec-demo"), username
        assert roles.role_of(user) == role
    assert Officer.objects.get(user__username="officer-econ").department.slug == "econ"
    assert Liaison.objects.get(user__username="liaison-ericsson").company.slug == "ericsson"


def test_second_run_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


CONNECTIVES = ("is to ", "it is ", "in this regard", "first,", "secondly", "third,", "finally", "next is", "and ")


def test_every_demo_recommendation_reads_in_both_languages(demo):
    recommendations = Recommendation.objects.all()
    assert recommendations.count() == 170
    for item in recommendations:
        assert item.title_en and item.title_zh_hans and item.text_en and item.text_zh_hans, item.reference
        # A clean title: a whole phrase of about 120 characters at most, no leading connective.
        assert len(item.title_en) <= 125 and not item.title_en.endswith(("…", ",", " improve")), item.reference
        assert not item.title_en.lower().startswith(CONNECTIVES), item.title_en
        assert item.translation in {"unofficial", "summary"}
    # Long texts get a summary translation, marked as one.
    long_items = [item for item in recommendations if len(item.text_en) >= 1500]
    assert long_items and all(item.translation == "summary" for item in long_items)
    for paper in Paper.objects.all():
        assert paper.title_en and paper.title_zh_hans, paper.position
    for company in Company.objects.all():
        assert company.country_en and company.country_zh_hans and company.sector_en and company.sector_zh_hans


def test_a_chinese_reader_sees_the_chinese_text_marked_unofficial(demo, client):
    client.force_login(get_user_model().objects.get(username="officer-econ"))
    summary = Recommendation.objects.filter(translation="summary").first()
    full = Recommendation.objects.filter(translation="unofficial").first()
    page = client.get(full.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"<h1>{full.title_zh_hans} </h1>" in page  # no "English only" mark
    assert full.text_zh_hans[:40] in page and "非官方译文" in page
    page = client.get(summary.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "非官方摘要译文" in page and summary.text_en[:80] in page


def test_the_demo_lives_in_the_present(demo, client):
    """Loaded today, the officer's workspace is not a wall of overdue items, and departments
    answer on time at visibly different rates (the department dashboard compares them)."""
    from recommendations import performance

    client.force_login(get_user_model().objects.get(username="officer-econ"))
    queues = client.get("/workspace/").context["queues"]
    items = Recommendation.objects.filter(lead_department__slug="econ").count()
    assert queues["overdue"].count < items / 3
    rates = [row.values["on_time_pct"] for row in performance.build().rows if row.values["on_time_pct"] is not None]
    assert max(rates) - min(rates) >= 30
    # Recent progress, some ratings, open clarifications and extension requests.
    today = timezone.localdate()
    assert ProgressUpdate.objects.filter(date__gte=today - datetime.timedelta(days=30)).exists()
    assert Feedback.objects.filter(requests_clarification=True).exists()
    assert DeadlineExtension.objects.filter(status="pending").exists()
    for feedback in Feedback.objects.all():
        assert feedback.comment.startswith("[Sample data]")


def test_the_sample_activity_is_the_same_for_the_same_first_day(demo):
    from demo import loader, present

    items = {
        (paper["position"], order): item
        for paper in loader.read_data()["papers"]
        for order, item in enumerate(paper["recommendations"], start=1)
    }
    users = {user.username: user for user in get_user_model().objects.all()}
    recommendations = list(Recommendation.objects.filter(paper__position__lte=3).select_related("paper"))

    def activity():
        return (
            sorted(
                Response.objects.filter(recommendation__in=recommendations).values_list(
                    "recommendation", "stance", "published_at"
                )
            ),
            sorted(
                ProgressUpdate.objects.filter(recommendation__in=recommendations).values_list(
                    "recommendation", "date", "progress"
                )
            ),
        )

    def again(day):
        Response.objects.filter(recommendation__in=recommendations).delete()
        ProgressUpdate.objects.filter(recommendation__in=recommendations).delete()
        DeadlineExtension.objects.filter(recommendation__in=recommendations).delete()
        for recommendation in recommendations:
            item = items[recommendation.paper.position, recommendation.order]
            present.add_samples(recommendation, item, users, day, loader.LoadResult())
        return activity()

    today = timezone.localdate()
    loaded = activity()
    assert loaded[0] and loaded[1]
    assert again(today) == loaded
    assert again(today + datetime.timedelta(days=100)) != loaded  # the dates follow the first day
