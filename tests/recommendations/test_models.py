import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from meetings.models import Meeting
from recommendations.models import ImplementationStatus, Recommendation, ResponseState
from tests import factories

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2021, 11, 5)


def reread(obj):
    return type(obj).objects.get(pk=obj.pk)


class TestReference:
    def test_reference_is_meeting_paper_position_and_order(self):
        paper = factories.PaperFactory(meeting=factories.MeetingFactory(number=16), position=7)
        first, second, third = (factories.RecommendationFactory(paper=paper) for _ in range(3))
        assert [first.reference, second.reference, third.reference] == ["16-07-01", "16-07-02", "16-07-03"]
        assert reread(third).order == 3

    def test_reference_never_changes_when_the_recommendation_moves(self):
        recommendation = factories.RecommendationFactory(paper__position=3)
        original = recommendation.reference
        recommendation.order = 9
        recommendation.title_en = "Renamed"
        recommendation.save()
        assert reread(recommendation).reference == original

    def test_reference_is_not_reused_after_reordering(self):
        paper = factories.PaperFactory(position=4)
        first = factories.RecommendationFactory(paper=paper)
        second = factories.RecommendationFactory(paper=paper)
        # Swap them by hand, then add a third: it must not get the second's reference.
        Recommendation.objects.filter(pk=second.pk).update(order=5)
        Recommendation.objects.filter(pk=first.pk).update(order=2)
        Recommendation.objects.filter(pk=second.pk).update(order=1)
        third = factories.RecommendationFactory(paper=paper)
        assert third.order == 3
        assert third.reference == f"{paper.meeting.number}-04-03"
        fourth = factories.RecommendationFactory(paper=paper, order=4)
        late = factories.RecommendationFactory(paper=paper, order=2 + 10)
        assert len({r.reference for r in (first, second, third, fourth, late)}) == 5

    def test_duplicate_reference_is_refused_by_the_database(self):
        first = factories.RecommendationFactory()
        second = factories.RecommendationFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Recommendation.objects.filter(pk=second.pk).update(reference=first.reference)


class TestConstraints:
    def test_progress_above_100_is_refused(self):
        recommendation = factories.RecommendationFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Recommendation.objects.filter(pk=recommendation.pk).update(progress=101)
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.ProgressUpdateFactory(recommendation=recommendation, progress=120)

    def test_one_response_per_recommendation(self):
        response = factories.ResponseFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.ResponseFactory(recommendation=response.recommendation)

    def test_two_papers_cannot_share_a_position_in_a_meeting(self):
        paper = factories.PaperFactory(position=5)
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.PaperFactory(meeting=paper.meeting, position=5)

    def test_feedback_ratings_are_1_to_5(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.FeedbackFactory(answer_satisfaction=6)
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.FeedbackFactory(result_satisfaction=0)

    def test_published_response_gets_its_publication_time(self):
        response = factories.ResponseFactory(state=ResponseState.PUBLISHED)
        assert reread(response).published_at is not None

    def test_meeting_deadline_defaults_to_60_days_after_the_meeting(self):
        meeting = Meeting.objects.create(number=17, year=2022, date=MEETING_DAY)
        assert reread(meeting).response_deadline == MEETING_DAY + datetime.timedelta(days=60)


class TestProgressFollowsUpdates:
    def test_status_and_progress_are_the_latest_updates(self):
        recommendation = factories.RecommendationFactory()
        factories.ProgressUpdateFactory(
            recommendation=recommendation, date=datetime.date(2022, 5, 1), status="partially_implemented", progress=60
        )
        # An update dated earlier, entered later, does not replace the latest one.
        factories.ProgressUpdateFactory(
            recommendation=recommendation, date=datetime.date(2022, 2, 1), status="in_progress", progress=20
        )
        stored = reread(recommendation)
        assert (stored.status, stored.progress, stored.last_update_at) == (
            ImplementationStatus.PARTIALLY_IMPLEMENTED,
            60,
            datetime.date(2022, 5, 1),
        )

    def test_deleting_the_latest_update_falls_back_to_the_one_before(self):
        recommendation = factories.RecommendationFactory()
        factories.ProgressUpdateFactory(recommendation=recommendation, date=datetime.date(2022, 1, 1), progress=10)
        latest = factories.ProgressUpdateFactory(
            recommendation=recommendation, date=datetime.date(2022, 6, 1), status="implemented", progress=100
        )
        latest.delete()
        stored = reread(recommendation)
        assert (stored.status, stored.progress) == (ImplementationStatus.IN_PROGRESS, 10)

    def test_a_stale_copy_saved_later_does_not_overwrite_the_status(self):
        recommendation = factories.RecommendationFactory()
        stale = reread(recommendation)
        factories.ProgressUpdateFactory(recommendation=recommendation, status="implemented", progress=100)
        stale.title_en = "Edited in a form opened before the update"
        stale.save()
        stored = reread(recommendation)
        assert (stored.status, stored.progress, stored.title_en) == (
            ImplementationStatus.IMPLEMENTED,
            100,
            "Edited in a form opened before the update",
        )

    def test_parent_rolls_up_from_its_sub_points_at_every_level(self):
        top = factories.RecommendationFactory()
        middle = factories.RecommendationFactory(paper=top.paper, parent=top)
        leaf_a = factories.RecommendationFactory(paper=top.paper, parent=middle)
        leaf_b = factories.RecommendationFactory(paper=top.paper, parent=middle)
        sibling = factories.RecommendationFactory(paper=top.paper, parent=top)
        factories.ProgressUpdateFactory(recommendation=leaf_a, status="implemented", progress=100)
        factories.ProgressUpdateFactory(recommendation=leaf_b, status="in_progress", progress=40)
        factories.ProgressUpdateFactory(recommendation=sibling, status="in_progress", progress=10)
        assert reread(middle).progress == 70
        assert reread(middle).status == ImplementationStatus.PARTIALLY_IMPLEMENTED
        assert reread(top).progress == 40  # (70 + 10) / 2
        assert reread(top).status == ImplementationStatus.PARTIALLY_IMPLEMENTED

    def test_a_new_sub_point_pulls_its_parents_roll_up_down(self):
        parent = factories.RecommendationFactory()
        child = factories.RecommendationFactory(paper=parent.paper, parent=parent)
        factories.ProgressUpdateFactory(recommendation=child, status="implemented", progress=100)
        assert reread(parent).progress == 100
        factories.RecommendationFactory(paper=parent.paper, parent=parent)
        assert reread(parent).progress == 50


class TestBilingualContent:
    def test_empty_chinese_title_falls_back_to_english(self):
        recommendation = factories.RecommendationFactory(title_en="Open the market", title_zh_hans="")
        with translation.override("zh-hans"):
            assert reread(recommendation).title == "Open the market"

    def test_chinese_title_shows_in_chinese(self):
        recommendation = factories.RecommendationFactory(title_en="Open the market", title_zh_hans="开放市场")
        with translation.override("zh-hans"):
            assert reread(recommendation).title == "开放市场"
        with translation.override("en"):
            assert reread(recommendation).title == "Open the market"

    def test_empty_english_name_falls_back_to_chinese(self):
        department = factories.DepartmentFactory(name_en="", name_zh_hans="重庆市商务委员会")
        with translation.override("en"):
            assert reread(department).name == "重庆市商务委员会"


class TestHistory:
    def test_assignment_change_is_recorded_with_both_languages(self):
        recommendation = factories.RecommendationFactory(title_zh_hans="标题")
        department = factories.DepartmentFactory()
        recommendation.lead_department = department
        recommendation.save()
        latest = recommendation.history.first()
        assert latest.lead_department_id == department.pk
        assert latest.title_zh_hans == "标题"
        delta = latest.diff_against(latest.prev_record)
        assert "lead_department" in delta.changed_fields

    def test_response_workflow_changes_are_recorded(self):
        response = factories.ResponseFactory()
        response.state = ResponseState.AWAITING_SIGNOFF
        response.save()
        assert [h.state for h in response.history.order_by("history_date")] == ["draft", "awaiting_signoff"]

    def test_assigning_records_when(self):
        recommendation = factories.RecommendationFactory()
        assert recommendation.assigned_at is None
        recommendation.lead_department = factories.DepartmentFactory()
        recommendation.save()
        assert reread(recommendation).assigned_at is not None


def test_sync_from_an_older_copy_still_corrects_the_row():
    recommendation = factories.RecommendationFactory()
    older_copy = reread(recommendation)  # not started, 0 %
    update = factories.ProgressUpdateFactory(recommendation=recommendation, status="implemented", progress=100)
    assert reread(recommendation).status == ImplementationStatus.IMPLEMENTED
    # Deleting the update through the older copy must bring the row back to "not started".
    update.recommendation = older_copy
    update.delete()
    stored = reread(recommendation)
    assert (stored.status, stored.progress) == (ImplementationStatus.NOT_STARTED, 0)
