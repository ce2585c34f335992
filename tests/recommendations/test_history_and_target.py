"""One target date, and a change history of real changes that people can read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.once import new_token
from recommendations.history import history_of
from recommendations.models import Recommendation, ResponseState
from reminders.notices import comment_in
from tests import factories

pytestmark = pytest.mark.django_db


def test_publishing_makes_the_planned_date_the_one_target_date_and_the_history_says_so(client, world):
    response = world.awaiting.response
    response.target_date = datetime.date(2027, 9, 30)
    response.save()
    client.force_login(world.users.head_a)
    client.post(
        reverse("recommendations:sign_off", args=[world.awaiting.reference]),
        {"form_token": new_token(), "decision": "publish"},
    )
    recommendation = Recommendation.objects.get(pk=world.awaiting.pk)
    assert recommendation.target_date == datetime.date(2027, 9, 30)
    changes = [change for entry in history_of(recommendation) for change in entry["changes"]]
    assert {"field": "target date", "old": "—", "new": "2027-09-30"} in changes
    page = client.get(recommendation.get_absolute_url()).content.decode()
    # The page shows one target date (the response's planned date is not shown beside it).
    assert "Target date: 2027-09-30" in " ".join(page.replace('<span class="muted">', "").split())
    # An approved extension moves that date; the history shows old -> new.
    client.force_login(world.users.officer_a)
    client.post(
        reverse("recommendations:request_extension", args=[world.awaiting.reference]),
        {"form_token": new_token(), "requested_date": "2028-03-31", "reason": "Budget"},
    )
    client.force_login(world.users.head_a)
    client.post(
        reverse("recommendations:decide_extension", args=[world.awaiting.reference]),
        {"form_token": new_token(), "decision": "approve"},
    )
    recommendation.refresh_from_db()
    assert recommendation.target_date == datetime.date(2028, 3, 31)
    changes = [change for entry in history_of(recommendation) for change in entry["changes"]]
    assert {"field": "target date", "old": "2027-09-30", "new": "2028-03-31"} in changes


def test_a_save_that_changes_nothing_writes_no_history_and_a_progress_log_none_either(world):
    recommendation = Recommendation.objects.get(pk=world.drafting.pk)
    before = recommendation.history.count()
    recommendation.save()
    factories.ProgressUpdateFactory(recommendation=recommendation, progress=30)
    assert recommendation.history.count() == before


def test_the_history_names_departments_and_hides_computed_fields(client, world):
    recommendation = Recommendation.objects.get(pk=world.drafting.pk)
    recommendation.lead_department = None
    recommendation._change_reason = "Not ours"
    recommendation.save()
    client.force_login(world.users.secretariat)
    entries = history_of(recommendation)
    (change,) = entries[0]["changes"]
    assert change == {"field": "lead department", "old": str(world.department_a), "new": "—"}
    fields = {change["field"] for entry in entries for change in entry["changes"]}
    assert not fields & {"implementation status", "progress (%)", "search text", "assigned at"}
    client.cookies["django_language"] = "zh-hans"
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "主办单位" in page and "saved without changes" not in page and "pk=None" not in page


def test_a_response_published_without_a_planned_date_keeps_the_target_date(world):
    from recommendations import workflow

    recommendation = world.drafting
    Recommendation.objects.filter(pk=recommendation.pk).update(target_date=datetime.date(2027, 1, 1))
    response = factories.ResponseFactory(
        recommendation=recommendation, department=world.department_a, state=ResponseState.AWAITING_SIGNOFF
    )
    workflow.sign_off(recommendation, world.users.head_a, True, "")
    assert Recommendation.objects.get(pk=recommendation.pk).target_date == datetime.date(2027, 1, 1)
    assert response.target_date is None


def test_a_comment_only_in_the_other_language_is_marked():
    translation.activate("en")
    assert comment_in({"comment": {"en": "", "zh_hans": "中小企业基金"}}, "en") == ("中小企业基金", "Chinese only")
    assert comment_in({"comment": {"en": "SME fund", "zh_hans": "中小企业基金"}}, "zh-hans") == ("中小企业基金", "")
    assert comment_in({"comment": "As written"}, "zh-hans") == ("As written", "")
