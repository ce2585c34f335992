"""A named owner and a stand-in (issue 17, point 2): reminders and notices go to the owner, to
the stand-in while the owner is away, to every officer of the department while nobody owns
it; each digest's count equals the list its link opens; who may name an owner or a stand-in;
bad input writes nothing; "on behalf of" in the record; two takes at once make one owner."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import StandIn
from accounts.once import new_token
from recommendations import workflow
from recommendations.models import ProgressUpdate, Recommendation
from reminders import digests
from reminders.models import DigestKind, Notice
from tests import factories
from tests.helpers import ON_POSTGRES, at_once, logged_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture
def team(db):
    """The economy department (officers Ann and Bo, head Hu) and another one (officer Oz);
    three recommendations whose response is overdue: Ann's, Bo's and one nobody owns."""
    econ = factories.DepartmentFactory(slug="econ", short_name_en="Economy")
    other = factories.DepartmentFactory(slug="other", short_name_en="Other")
    ann = factories.OfficerFactory(department=econ, user__username="ann", user__first_name="Ann", language="en")
    bo = factories.OfficerFactory(department=econ, user__username="bo", user__first_name="Bo", language="en")
    hu = factories.OfficerFactory(department=econ, is_head=True, user__username="hu", language="en")
    oz = factories.OfficerFactory(department=other, user__username="oz", language="en")
    meeting = factories.MeetingFactory(response_deadline=day(-5), date=day(-60))
    items = {}
    for name, owner in (("of_ann", ann), ("of_bo", bo), ("nobody", None)):
        items[name] = factories.RecommendationFactory(paper__meeting=meeting, lead_department=econ, owner=owner)
    return type("Team", (), {"econ": econ, "other": other, "ann": ann, "bo": bo, "hu": hu, "oz": oz, **items})


def overdue_group(planned, username):
    """The "response overdue" group of `username`'s digest: (count, references, link)."""
    digest = planned.get(username)
    if digest is None:
        return None
    for group in digest.payload(digests.REMINDER_GROUPS)["groups"]:
        if group["kind"] == digests.RESPONSE_OVERDUE:
            return group["count"], {item["reference"] for item in group["items"]}, group["url"]
    return None


def plan(today=TODAY):
    return {digest.user.username: digest for digest in digests.reminder_digests(today)}


def listed(user, url):
    page = logged_in(user).get(url.removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    return {row.reference for row in page.context["page"]}


class TestReminders:
    def test_the_owner_hears_of_theirs_and_everyone_of_the_unowned(self, team):
        planned = plan()
        ann = overdue_group(planned, "ann")
        bo = overdue_group(planned, "bo")
        assert ann[:2] == (2, {team.of_ann.reference, team.nobody.reference})
        assert bo[:2] == (2, {team.of_bo.reference, team.nobody.reference})
        # Each link opens exactly what its count counted.
        assert listed(team.ann.user, ann[2]) == ann[1]
        assert listed(team.bo.user, bo[2]) == bo[1]
        assert "oz" not in planned

    def test_the_stand_in_hears_of_the_away_owners_during_the_period_only(self, team):
        StandIn.objects.create(officer=team.bo, stand_in=team.ann, starts_on=day(-1), ends_on=day(2))
        planned = plan()
        refs = {team.of_ann.reference, team.of_bo.reference, team.nobody.reference}
        count, shown, url = overdue_group(planned, "ann")
        assert (count, shown) == (3, refs)
        assert listed(team.ann.user, url) == refs
        assert "bo" not in planned  # away: nothing for Bo, nothing lost
        after = plan(day(3))
        assert overdue_group(after, "bo")[:2] == (2, {team.of_bo.reference, team.nobody.reference})
        assert overdue_group(after, "ann")[0] == 2

    def test_without_an_owner_every_officer_hears_of_it(self, team):
        Recommendation.objects.filter(pk__in=[team.of_ann.pk, team.of_bo.pk]).update(owner=None)
        planned = plan()
        for username in ("ann", "bo"):
            assert overdue_group(planned, username)[0] == 3

    def test_an_owner_whose_account_is_closed_counts_as_nobody(self, team):
        team.bo.user.is_active = False
        team.bo.user.save()
        count, shown, url = overdue_group(plan(), "ann")
        assert count == 3 and listed(team.ann.user, url) == shown | {team.of_bo.reference} == shown

    def test_the_head_still_hears_of_escalations_for_the_whole_department(self, team):
        planned = plan(day(20))  # 25 days past the deadline: escalated to the head
        groups = {group["kind"]: group for group in planned["hu"].payload(digests.REMINDER_GROUPS)["groups"]}
        assert groups[digests.ESCALATIONS]["count"] == 3


class TestNotices:
    def ask_clarification(self, recommendation):
        factories.ResponseFactory(recommendation=recommendation, department=recommendation.lead_department)
        feedback = factories.FeedbackFactory(response=recommendation.response, requests_clarification=True)
        from recommendations import signals

        signals.clarification_requested.send(sender=None, feedback=feedback, by=None)

    def recipients(self, kind):
        return set(Notice.objects.filter(kind=kind).values_list("recipient__username", flat=True))

    def test_a_clarification_goes_to_the_owner_or_the_stand_in_or_everyone(self, team):
        self.ask_clarification(team.of_ann)
        assert self.recipients(DigestKind.CLARIFICATION) == {"ann"}
        Notice.objects.all().delete()
        StandIn.objects.create(officer=team.bo, stand_in=team.ann, starts_on=TODAY, ends_on=TODAY)
        self.ask_clarification(team.of_bo)
        assert self.recipients(DigestKind.CLARIFICATION) == {"ann"}
        Notice.objects.all().delete()
        self.ask_clarification(team.nobody)
        assert self.recipients(DigestKind.CLARIFICATION) == {"ann", "hu"}  # Bo is away

    def test_the_new_owner_hears_of_it_in_their_language(self, team):
        team.bo.language = "zh-hans"
        team.bo.save()
        workflow.set_owner(team.nobody, team.hu.user, team.bo)
        notice = Notice.objects.get(kind=DigestKind.ASSIGNMENT)
        assert notice.recipient == team.bo.user
        assert notice.detail["comment"]["zh_hans"] and notice.detail["comment"]["en"]


class TestNamingAnOwner:
    def post(self, user, recommendation, officer):
        url = reverse("recommendations:name_owner", args=[recommendation.reference])
        return logged_in(user).post(url, {"form_token": new_token(), "officer": officer or ""})

    def test_the_head_names_an_owner_and_the_history_says_so(self, team):
        assert self.post(team.hu.user, team.nobody, team.bo.pk).status_code == 302
        team.nobody.refresh_from_db()
        assert team.nobody.owner == team.bo
        page = logged_in(team.hu.user).get(team.nobody.get_absolute_url()).content.decode()
        assert "Owner named" in page and "— → Bo" in page  # the officer's name, not "removed (no. 2)"
        chinese = logged_in(team.hu.user)
        chinese.cookies["django_language"] = "zh-hans"
        assert "已指定负责人" in chinese.get(team.nobody.get_absolute_url()).content.decode()

    def test_an_owner_from_another_department_is_refused_and_nothing_written(self, team):
        page = self.post(team.hu.user, team.nobody, team.oz.pk)
        assert page.status_code == 400
        assert "Choose an officer of the lead department." in page.content.decode()
        team.nobody.refresh_from_db()
        assert team.nobody.owner is None
        with pytest.raises(workflow.Conflict, match="not an officer of the lead department"):
            workflow.set_owner(team.nobody, team.hu.user, team.oz)

    def test_officers_and_liaisons_cannot_name_one(self, team):
        assert self.post(team.ann.user, team.nobody, team.ann.pk).status_code == 403
        liaison = factories.LiaisonFactory(company=team.nobody.paper.company)
        assert self.post(liaison.user, team.nobody, team.ann.pk).status_code in (403, 404)
        assert self.post(team.oz.user, team.nobody, team.oz.pk).status_code == 403

    def test_an_officer_takes_one_nobody_owns_but_not_a_colleagues(self, team):
        take = reverse("recommendations:take", args=[team.nobody.reference])
        assert logged_in(team.ann.user).post(take, {"form_token": new_token()}).status_code == 302
        team.nobody.refresh_from_db()
        assert team.nobody.owner == team.ann
        page = logged_in(team.bo.user).post(take, {"form_token": new_token()}, follow=True).content.decode()
        assert "owns it already" in page
        team.nobody.refresh_from_db()
        assert team.nobody.owner == team.ann

    def test_reassigning_to_another_department_clears_the_owner(self, team, secretariat_user):
        workflow.assign([team.of_ann], secretariat_user, team.other)
        team.of_ann.refresh_from_db()
        assert team.of_ann.owner is None


class TestStandIns:
    def post(self, user, **data):
        data = {"form_token": new_token(), "officer": "", "stand_in": "", "starts_on": "", "ends_on": "", **data}
        return logged_in(user).post(reverse("away"), data)

    def test_an_officer_names_a_colleague_for_a_period(self, team):
        page = self.post(team.ann.user, officer=team.ann.pk, stand_in=team.bo.pk, starts_on=day(1), ends_on=day(5))
        assert page.status_code == 302
        period = StandIn.objects.get()
        assert (period.officer, period.stand_in, period.created_by) == (team.ann, team.bo, team.ann.user)
        listing = logged_in(team.bo.user).get(reverse("away")).content.decode()
        assert day(5).isoformat() in listing  # the stand-in sees it too

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"ends_on": -3}, "The period ends before it starts."),
            ({"stand_in": "oz"}, "Choose one of the listed officers."),
            ({"stand_in": "ann"}, "Choose one of the listed officers."),
            ({"starts_on": -9, "ends_on": -2}, "This period is over already."),
        ],
    )
    def test_bad_periods_are_refused_and_nothing_written(self, team, change, message):
        data = {"officer": team.ann.pk, "stand_in": team.bo.pk, "starts_on": day(0), "ends_on": day(4)}
        for key, value in change.items():
            data[key] = getattr(team, value).pk if isinstance(value, str) else day(value)
        page = self.post(team.ann.user, **data)
        assert page.status_code == 400
        assert message in page.content.decode()
        assert not StandIn.objects.exists()

    def test_a_stand_in_from_another_department_is_refused(self, team, secretariat_user):
        page = self.post(secretariat_user, officer=team.ann.pk, stand_in=team.oz.pk, starts_on=day(0), ends_on=day(1))
        assert page.status_code == 400 and "must be an officer of" in page.content.decode()
        assert not StandIn.objects.exists()

    def test_an_overlapping_period_is_refused(self, team):
        StandIn.objects.create(officer=team.ann, stand_in=team.bo, starts_on=day(2), ends_on=day(6))
        page = self.post(team.hu.user, officer=team.ann.pk, stand_in=team.hu.pk, starts_on=day(5), ends_on=day(9))
        assert page.status_code == 400 and "end that period first" in page.content.decode()
        assert StandIn.objects.count() == 1

    def test_ending_a_period_under_way_and_withdrawing_a_coming_one(self, team):
        under_way = StandIn.objects.create(officer=team.ann, stand_in=team.bo, starts_on=day(-2), ends_on=day(6))
        coming = StandIn.objects.create(officer=team.bo, stand_in=team.ann, starts_on=day(9), ends_on=day(12))
        client = logged_in(team.hu.user)
        for period in (under_way, coming):
            assert client.post(reverse("away_end", args=[period.pk]), {"form_token": new_token()}).status_code == 302
        under_way.refresh_from_db()
        assert under_way.ends_on == day(-1) and not StandIn.objects.filter(pk=coming.pk).exists()
        assert StandIn.objects.routes(TODAY) == {}

    def test_another_officers_period_cannot_be_ended_and_liaisons_have_no_page(self, team):
        period = StandIn.objects.create(officer=team.ann, stand_in=team.bo, starts_on=day(0), ends_on=day(3))
        page = logged_in(team.oz.user).post(reverse("away_end", args=[period.pk]), {"form_token": new_token()})
        assert page.status_code == 404
        liaison = factories.LiaisonFactory()
        assert logged_in(liaison.user).get(reverse("away")).status_code == 403

    def test_routes_follow_a_chain_and_leave_a_circle(self, team):
        StandIn.objects.create(officer=team.ann, stand_in=team.bo, starts_on=TODAY, ends_on=TODAY)
        StandIn.objects.create(officer=team.bo, stand_in=team.hu, starts_on=TODAY, ends_on=TODAY)
        assert StandIn.objects.routes(TODAY) == {team.ann.pk: team.hu.pk, team.bo.pk: team.hu.pk}
        StandIn.objects.create(officer=team.hu, stand_in=team.ann, starts_on=TODAY, ends_on=TODAY)
        assert StandIn.objects.routes(TODAY) == {}


class TestOnBehalfOf:
    def test_the_stand_ins_update_is_recorded_on_behalf_of_the_away_owner(self, team):
        StandIn.objects.create(officer=team.bo, stand_in=team.ann, starts_on=day(-1), ends_on=day(1))
        client = logged_in(team.ann.user)
        page = client.get(team.of_bo.get_absolute_url()).content.decode()
        assert "You stand in for Bo" in page
        data = {"form_token": new_token(), "status": "in_progress", "progress": "10", "note_en": "Met them."}
        data.update(visibility="internal")
        client.post(reverse("recommendations:log_progress", args=[team.of_bo.reference]), data)
        update = ProgressUpdate.objects.get(recommendation=team.of_bo)
        assert (update.author, update.on_behalf_of) == (team.ann.user, team.bo.user)
        assert "on behalf of Bo" in client.get(team.of_bo.get_absolute_url()).content.decode()

    def test_outside_the_period_it_is_the_officers_own_action(self, team):
        StandIn.objects.create(officer=team.bo, stand_in=team.ann, starts_on=day(3), ends_on=day(4))
        data = {"form_token": new_token(), "status": "in_progress", "progress": "10", "note_en": "x"}
        data.update(visibility="internal")
        logged_in(team.ann.user).post(reverse("recommendations:log_progress", args=[team.of_bo.reference]), data)
        assert ProgressUpdate.objects.get(recommendation=team.of_bo).on_behalf_of is None


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_two_officers_taking_one_at_once_make_one_owner(team):
    take = reverse("recommendations:take", args=[team.nobody.reference])
    clients = [logged_in(team.ann.user), logged_in(team.bo.user)]
    pages = at_once(
        2, lambda index: clients[index].post(take, {"form_token": new_token()}, follow=True).content.decode()
    )
    took = ["You own it now" in page for page in pages]
    assert took.count(True) == 1
    team.nobody.refresh_from_db()
    assert team.nobody.owner == (team.ann if took[0] else team.bo)
    refused = pages[1] if took[0] else pages[0]
    assert "a moment ago" in refused or "owns it already" in refused
