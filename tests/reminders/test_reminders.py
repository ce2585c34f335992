"""The reminder rules at their boundaries, the digests, and claim-once delivery."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.once import new_token
from recommendations.models import DeadlineExtension, Recommendation, ResponseState, Stance, Visibility
from reminders import digests
from reminders.models import Delivery, DeliveryStatus, DigestKind, MutedKind
from reminders.tasks import send_daily_reminders
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)
NINE_AM = datetime.datetime(2026, 11, 29, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def aware(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))


@pytest.fixture
def department(db):
    department = factories.DepartmentFactory(slug="econ")
    factories.OfficerFactory(department=department, user__username="officer", user__first_name="Wei", language="en")
    factories.OfficerFactory(department=department, is_head=True, user__username="head", language="zh-hans")
    return department


def recommendation_due(department, deadline, **kwargs):
    # One meeting per deadline (the meeting's number is only a label here).
    meeting = factories.MeetingFactory(
        number=deadline.toordinal() % 30000, date=deadline - datetime.timedelta(days=60), response_deadline=deadline
    )
    return factories.RecommendationFactory(paper__meeting=meeting, lead_department=department, **kwargs)


def accepted(department, last_update, stance=Stance.ACCEPTED, **kwargs):
    """An accepted recommendation whose last update was on `last_update`."""
    recommendation = recommendation_due(department, day(-400), **kwargs)
    factories.ResponseFactory(
        recommendation=recommendation,
        department=department,
        stance=stance,
        state=ResponseState.PUBLISHED,
        published_at=aware(day(-390)),
    )
    factories.ProgressUpdateFactory(recommendation=recommendation, date=last_update, progress=20)
    return Recommendation.objects.get(pk=recommendation.pk)


def refs(queryset):
    return set(queryset.values_list("reference", flat=True))


class TestResponseRules:
    @pytest.mark.parametrize(("offset", "soon"), [(15, False), (14, True), (13, True), (0, True), (-1, False)])
    def test_due_soon_window(self, department, offset, soon):
        recommendation = recommendation_due(department, day(offset))
        assert (recommendation.reference in refs(Recommendation.objects.response_due_soon(TODAY))) is soon

    @pytest.mark.parametrize(
        ("offset", "late", "escalated"), [(0, False, False), (-1, True, False), (-14, True, False), (-15, True, True)]
    )
    def test_overdue_and_escalation(self, department, offset, late, escalated):
        recommendation = recommendation_due(department, day(offset))
        assert (recommendation.reference in refs(Recommendation.objects.response_late(TODAY))) is late
        assert (recommendation.reference in refs(Recommendation.objects.response_escalated(TODAY))) is escalated

    def test_published_response_and_unassigned_items_are_not_due(self, department):
        answered = recommendation_due(department, day(3))
        factories.ResponseFactory(recommendation=answered, department=department, state=ResponseState.PUBLISHED)
        unassigned = recommendation_due(None, day(3))
        due = refs(Recommendation.objects.response_due_soon(TODAY))
        assert answered.reference not in due and unassigned.reference not in due


class TestUpdateRules:
    @pytest.mark.parametrize(
        ("due_in", "soon", "late", "escalated"),
        [
            (15, False, False, False),
            (14, True, False, False),
            (13, True, False, False),
            (0, True, False, False),
            (-1, False, True, False),
            (-30, False, True, False),
            (-31, False, True, True),
        ],
    )
    def test_boundaries(self, department, due_in, soon, late, escalated):
        recommendation = accepted(department, last_update=day(due_in - 90))
        assert recommendation.update_due_on == day(due_in)
        assert (recommendation.reference in refs(Recommendation.objects.update_due_soon(TODAY))) is soon
        assert (recommendation.reference in refs(Recommendation.objects.update_late(TODAY))) is late
        assert (recommendation.reference in refs(Recommendation.objects.update_escalated(TODAY))) is escalated

    def test_own_reporting_interval_overrides_the_default(self, department):
        recommendation = accepted(department, last_update=day(-40), reporting_interval_days=30)
        assert recommendation.update_due_on == day(-10)
        assert recommendation.reference in refs(Recommendation.objects.update_late(TODAY))

    @pytest.mark.parametrize("stance", [Stance.NOT_ADOPTED, Stance.NOTED, Stance.UNDER_STUDY])
    def test_not_accepted_recommendations_expect_no_updates(self, department, stance):
        recommendation = accepted(department, last_update=day(-200), stance=stance)
        assert recommendation.update_due_on is None
        assert recommendation.reference not in refs(Recommendation.objects.update_late(TODAY))

    def test_finished_recommendations_expect_no_updates(self, department):
        recommendation = accepted(department, last_update=day(-200))
        factories.ProgressUpdateFactory(recommendation=recommendation, date=day(-100), status="closed", progress=30)
        assert recommendation.reference not in refs(Recommendation.objects.update_late(TODAY))


class TestOtherRules:
    def test_past_target_excludes_implemented_and_follows_an_approved_extension(self, department):
        late = accepted(department, last_update=day(-10), target_date=day(-1))
        on_time = accepted(department, last_update=day(-10), target_date=TODAY)
        done = accepted(department, last_update=day(-10), target_date=day(-5))
        factories.ProgressUpdateFactory(recommendation=done, date=day(-2), status="implemented", progress=100)
        assert refs(Recommendation.objects.past_target(TODAY)) == {late.reference}
        officer = department.officers.get(is_head=False).user
        head = department.officers.get(is_head=True).user
        extension = DeadlineExtension.objects.create(
            recommendation=late, requested_by=officer, previous_date=day(-1), requested_date=day(60), reason="Budget"
        )
        assert late.reference in refs(Recommendation.objects.past_target(TODAY))  # a request alone moves nothing
        extension.decide(head, approve=True)
        assert refs(Recommendation.objects.past_target(TODAY)) == set()
        late.refresh_from_db()
        assert late.target_date == day(60)
        assert [h.target_date for h in late.history.order_by("history_date")][-2:] == [day(-1), day(60)]
        assert on_time.reference not in refs(Recommendation.objects.past_target(TODAY))

    @pytest.mark.parametrize(("entered_days_ago", "flagged"), [(13, False), (14, True), (15, True)])
    def test_unassigned_after_14_days(self, db, entered_days_ago, flagged):
        paper = factories.PaperFactory(entered_at=aware(day(-entered_days_ago)))
        recommendation = factories.RecommendationFactory(paper=paper)
        assert (recommendation.reference in refs(Recommendation.objects.awaiting_assignment(TODAY))) is flagged


class TestDigests:
    def test_officer_and_head_digests_are_grouped_and_in_their_language(self, department):
        recommendation_due(department, day(5), title_en="Open the market", title_zh_hans="开放市场")
        recommendation_due(department, day(-20), title_en="Cut red tape", title_zh_hans="简化审批")
        planned = {digest.user.username: digest for digest in digests.reminder_digests(TODAY)}
        officer = planned["officer"].payload(digests.REMINDER_GROUPS)
        # The overdue group comes first: most urgent first.
        assert [group["kind"] for group in officer["groups"]] == ["response_overdue", "response_due_soon"]
        late = officer["groups"][0]["items"][0]
        assert (late["title"], late["days_overdue"], late["deadline"]) == ("Cut red tape", 20, day(-20).isoformat())
        assert late["url"].endswith(f"/recommendations/{late['reference']}/")
        head = planned["head"].payload(digests.REMINDER_GROUPS)
        assert [group["kind"] for group in head["groups"]] == ["escalations"]
        assert head["groups"][0]["items"][0]["title"] == "简化审批"

    def test_company_notice_has_shared_updates_and_published_responses_never_internal_ones(self, department):
        liaison = factories.LiaisonFactory(language="zh-hans")
        liaison.user.date_joined = aware(day(-30))
        liaison.user.save()
        recommendation = recommendation_due(department, day(-100), paper__company=liaison.company)
        factories.ResponseFactory(
            recommendation=recommendation,
            department=department,
            state=ResponseState.PUBLISHED,
            published_at=aware(day(-1)),
        )
        factories.ProgressUpdateFactory(recommendation=recommendation, visibility=Visibility.SHARED, note_en="shared")
        internal_only = recommendation_due(department, day(-100), paper=recommendation.paper)
        factories.ProgressUpdateFactory(recommendation=internal_only, visibility=Visibility.INTERNAL)
        (digest,) = digests.company_digests(TODAY)
        assert digest.user == liaison.user
        assert set(digest.groups) == {"response_published", "update_shared"}
        assert digest.references == [recommendation.reference]

    def test_liaison_who_turned_notices_off_gets_none(self, department):
        liaison = factories.LiaisonFactory()
        MutedKind.objects.create(user=liaison.user, kind=DigestKind.COMPANY)
        recommendation = recommendation_due(department, day(-100), paper__company=liaison.company)
        factories.ProgressUpdateFactory(recommendation=recommendation, visibility=Visibility.SHARED)
        assert digests.company_digests(TODAY) == []


class TestPass:
    def test_pass_twice_sends_one_digest_per_recipient(self, department, django_capture_on_commit_callbacks):
        recommendation_due(department, day(5))
        recommendation_due(department, day(-20))
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                send_daily_reminders(TODAY.isoformat())
        assert sorted(message.to[0] for message in mail.outbox) == ["head@example.org", "officer@example.org"]
        assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2
        subjects = {message.to[0]: message.subject for message in mail.outbox}
        assert subjects["officer@example.org"] == "CMIEAC tracker: 2 recommendations need you (2026-11-29)"
        assert "建议" in subjects["head@example.org"]

    def test_beat_task_uses_todays_local_date(self, department):
        recommendation_due(department, day(5))
        with time_machine.travel(NINE_AM, tick=False):
            send_daily_reminders()
        assert Delivery.objects.get(recipient__username="officer").day == TODAY

    def test_dry_run_prints_and_changes_nothing(self, department):
        recommendation_due(department, day(5))
        out = io.StringIO()
        call_command("send_reminders", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
        assert "would send reminders to officer@example.org (en): response_due_soon 1" in out.getvalue()
        assert Delivery.objects.count() == 0 and mail.outbox == []

    @pytest.mark.django_db(transaction=True)
    def test_command_sends_and_reports(self, department):
        # Committed as the command really runs: the sending, queued after commit, happens at once.
        recommendation_due(department, day(5))
        out = io.StringIO()
        call_command("send_reminders", "--today", TODAY.isoformat(), stdout=out)
        assert "sent: reminders to officer@example.org" in out.getvalue()
        assert len(mail.outbox) == 1

    def test_bad_date_is_refused(self):
        from django.core.management import CommandError

        with pytest.raises(CommandError, match="is not a date"):
            call_command("send_reminders", "--today", "29/11/2026")

    def test_pass_query_count_does_not_grow_with_due_items(self, db):
        departments = []
        for index in range(10):
            department = factories.DepartmentFactory(slug=f"d{index}")
            factories.OfficerFactory(department=department)
            factories.OfficerFactory(department=department, is_head=True)
            departments.append(department)

        def add(count):
            for index in range(count):
                recommendation_due(departments[index % 10], day(-20 if (index // 10) % 2 else 5))

        def pass_queries():
            Delivery.objects.all().delete()
            with CaptureQueriesContext(connection) as context:
                record_and_plan = digests.plan(TODAY)
                digests.record(record_and_plan, TODAY)
            return len(context.captured_queries), len(record_and_plan)

        add(100)
        few, recipients = pass_queries()
        add(100)
        many, recipients_after = pass_queries()
        assert recipients == recipients_after == 20
        assert Recommendation.objects.count() == 200
        assert many == few <= 25

    def test_clarification_request_notifies_the_lead_department_at_once(
        self, department, client, django_capture_on_commit_callbacks
    ):
        liaison = factories.LiaisonFactory()
        recommendation = recommendation_due(department, day(-100), paper__company=liaison.company)
        factories.ResponseFactory(recommendation=recommendation, department=department, state=ResponseState.PUBLISHED)
        client.force_login(liaison.user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/recommendations/{recommendation.reference}/feedback/",
                {
                    "form_token": new_token(),
                    "answer_satisfaction": "2",
                    "comment": "Which fund?",
                    "requests_clarification": "on",
                },
            )
        assert sorted(message.to[0] for message in mail.outbox) == ["head@example.org", "officer@example.org"]
        english = next(message for message in mail.outbox if message.to == ["officer@example.org"])
        assert "Which fund?" in english.body
        assert english.subject == f"CMIEAC tracker: a company asks for clarification on {recommendation.reference}"


def test_beat_runs_the_pass_daily_at_nine_shanghai_time():
    from celery.schedules import crontab

    from ccec.celery import app

    entry = app.conf.beat_schedule["daily-reminders"]
    assert entry["task"] == "reminders.tasks.send_daily_reminders"
    assert entry["schedule"] == crontab(hour=9, minute=0)
    assert app.conf.timezone == "Asia/Shanghai"


class TestDigestsFitOnAScreen:
    """55 overdue answers, 30 updates overdue and 20 past target: the digest says how many of
    each, shows the 10 most urgent per group and 40 in all, and links the list of all of them
    (the list's count is the digest's)."""

    @pytest.fixture
    def crowded(self, department):
        today = timezone.localdate()
        for index in range(55):
            deadline = today - datetime.timedelta(days=10 + index * 30)
            paper = factories.PaperFactory(
                meeting=factories.MeetingFactory(number=100 + index, date=deadline, response_deadline=deadline)
            )
            factories.RecommendationFactory(paper=paper, lead_department=department, title_en=f"Late {index}")
        for index in range(30):
            item = accepted(department, today - datetime.timedelta(days=200 + index))
            assert item.update_due_on < today
        return today

    def test_counts_ten_most_urgent_and_a_link_to_all(self, crowded, client):
        today = crowded
        planned = {digest.user.username: digest for digest in digests.reminder_digests(today)}
        payload = planned["officer"].payload(digests.REMINDER_GROUPS)
        groups = {group["kind"]: group for group in payload["groups"]}
        overdue = groups["response_overdue"]
        assert overdue["count"] == 55
        shown = [item["days_overdue"] for item in overdue["items"]]
        assert len(shown) == 10 and shown == sorted(shown, reverse=True) and shown[0] == 10 + 54 * 30
        assert sum(len(group["items"]) for group in payload["groups"]) <= 40
        for username in ("officer", "head"):
            client.force_login(get_user_model().objects.get(username=username))
            for group in planned[username].payload(digests.REMINDER_GROUPS)["groups"]:
                page = client.get(group["url"].removeprefix(settings.SITE_URL))
                assert page.status_code == 200
                assert page.context["page"].paginator.count == group["count"], (username, group["kind"])

    def test_the_e_mail_says_overdue_in_words_that_fit(self, crowded):
        digests.record(digests.plan(crowded), crowded)
        from reminders.delivery import build_message

        delivery = Delivery.objects.get(recipient__username="officer")
        message = build_message(delivery)
        text = message.body
        assert "4 years overdue" in text and "and 45 more: see all 55" in text
        assert len(message.message().as_bytes()) < 100_000

    def test_a_second_pass_plans_nothing_for_people_who_have_theirs(self, crowded, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            send_daily_reminders(crowded.isoformat())
        assert digests.plan(crowded) == []
        out = io.StringIO()
        call_command("send_reminders", "--dry-run", "--today", crowded.isoformat(), stdout=out)
        assert "already sent today: reminders to officer@example.org (sent)" in out.getvalue()
        assert "would send" not in out.getvalue()
