"""Corrected and revised answers (issue 17, point 3): a published response is revised through
draft -> sign-off -> publish; the company reads the published answer until the revision is
published, then the new one with "revised on" and the earlier versions; the liaisons hear of
it; drafts stay internal in every form; who may do what; two clicks at once."""

import pytest
from django.urls import reverse

from accounts.once import new_token
from recommendations.models import Recommendation, ResponseRevision, ResponseState, ResponseVersion
from reminders.models import DigestKind, Notice
from tests.helpers import ON_POSTGRES, at_once, logged_in
from tests.world import PUBLISHED_AT

pytestmark = pytest.mark.django_db

NEW_TEXT = "Revised wording about hydrogen corridors"


def revise(user, recommendation, submit=False, **data):
    fields = {
        "form_token": new_token(),
        "stance": "partially_accepted",
        "text_en": NEW_TEXT,
        "text_zh_hans": "",
        "planned_measures_en": "Two pilot stations",
        "planned_measures_zh_hans": "",
        "target_date": "2027-06-30",
        "reason": "The budget changed",
        "version": "0",
        **data,
    }
    if submit:
        fields["submit"] = "1"
    return logged_in(user).post(reverse("recommendations:save_revision", args=[recommendation.reference]), fields)


def decide(user, recommendation, decision="publish", comment=""):
    url = reverse("recommendations:sign_off_revision", args=[recommendation.reference])
    return logged_in(user).post(url, {"form_token": new_token(), "decision": decision, "comment": comment})


def page_of(user, recommendation):
    return logged_in(user).get(recommendation.get_absolute_url()).content.decode()


def liaison_search(world, words):
    page = logged_in(world.users.liaison_c).get(reverse("recommendations:list"), {"q": words})
    return {row.reference for row in page.context["page"]}


class TestTheRevisionPath:
    def test_a_draft_revision_stays_internal(self, world):
        assert revise(world.users.officer_a, world.published).status_code == 302
        revision = ResponseRevision.objects.get()
        assert revision.state == ResponseState.DRAFT and revision.drafted_by == world.users.officer_a
        liaison_page = page_of(world.users.liaison_c, world.published)
        assert "Published text" in liaison_page and "hydrogen" not in liaison_page and "revised on" not in liaison_page
        assert liaison_search(world, "hydrogen") == set()
        assert "hydrogen corridors" in page_of(world.users.head_a, world.published)

    def test_submitted_it_waits_in_the_heads_queue_and_the_company_still_reads_the_old(self, world):
        revise(world.users.officer_a, world.published, submit=True)
        assert ResponseRevision.objects.get().state == ResponseState.AWAITING_SIGNOFF
        queue = logged_in(world.users.head_a).get(reverse("signoff_queue")).content.decode()
        assert "Revised answers waiting for sign-off" in queue and world.published.reference in queue
        assert Notice.objects.filter(kind=DigestKind.SIGNOFF, recipient=world.users.head_a).exists()
        assert "hydrogen" not in page_of(world.users.liaison_c, world.published)

    def test_published_the_company_reads_the_new_answer_and_the_earlier_one(self, world):
        revise(world.users.officer_a, world.published, submit=True)
        assert decide(world.users.head_a, world.published).status_code == 302
        response = Recommendation.objects.get(pk=world.published.pk).response
        assert response.text_en == NEW_TEXT and response.stance == "partially_accepted"
        assert response.published_at == PUBLISHED_AT  # "answered by the deadline" does not move
        assert response.revised_at is not None
        assert str(Recommendation.objects.get(pk=world.published.pk).target_date) == "2027-06-30"
        earlier = ResponseVersion.objects.get()
        assert earlier.text_en == "Published text" and earlier.published_at == PUBLISHED_AT
        page = page_of(world.users.liaison_c, world.published)
        assert NEW_TEXT in page and "revised on" in page
        assert "1 earlier version" in page and "Published text" in page
        assert "The budget changed" not in page  # the reason is internal
        assert liaison_search(world, "hydrogen") == {world.published.reference}
        liaisons = set(Notice.objects.filter(kind=DigestKind.REVISED).values_list("recipient", flat=True))
        assert liaisons == {world.users.liaison_c.pk}
        assert Notice.objects.filter(kind=DigestKind.PUBLISHED, recipient=world.users.officer_a).exists()

    def test_a_second_revision_keeps_both_earlier_versions(self, world):
        for text in ("First revision", "Second revision"):
            revise(world.users.officer_a, world.published, submit=True, text_en=text)
            decide(world.users.head_a, world.published)
        page = page_of(world.users.liaison_c, world.published)
        assert "Second revision" in page and "2 earlier versions" in page
        assert page.index("First revision") > page.index("Second revision")
        assert list(ResponseVersion.objects.values_list("text_en", flat=True)) == ["First revision", "Published text"]

    def test_sent_back_it_returns_to_the_officer_with_the_comment(self, world):
        revise(world.users.officer_a, world.published, submit=True)
        assert decide(world.users.head_a, world.published, "send_back", "Say which stations").status_code == 302
        revision = ResponseRevision.objects.get()
        assert revision.state == ResponseState.DRAFT and revision.review_comment == "Say which stations"
        assert Notice.objects.filter(kind=DigestKind.SENT_BACK, recipient=world.users.officer_a).exists()
        assert Recommendation.objects.get(pk=world.published.pk).response.text_en == "Published text"
        # The officer edits the same draft (its version) and submits again.
        assert (
            revise(world.users.officer_a, world.published, submit=True, version=str(revision.version)).status_code
            == 302
        )
        assert ResponseRevision.objects.get().state == ResponseState.AWAITING_SIGNOFF


class TestBadInputAndPermissions:
    def test_a_revision_without_text_or_reason_re_renders_and_writes_nothing(self, world):
        page = revise(world.users.officer_a, world.published, text_en="", reason="")
        assert page.status_code == 400
        assert not ResponseRevision.objects.exists()

    def test_one_language_revised_while_the_other_reads_as_published_is_refused(self, world):
        response = world.published.response
        response.text_zh_hans = "已发布的中文答复"
        response.save()
        page = revise(world.users.officer_a, world.published, text_zh_hans="已发布的中文答复")
        assert page.status_code == 400
        assert "This still reads as the published answer" in page.content.decode()
        assert not ResponseRevision.objects.exists()
        assert revise(world.users.officer_a, world.published, text_zh_hans="").status_code == 302  # to translate
        assert ResponseRevision.objects.get().text_zh_hans == ""

    def test_an_unpublished_response_cannot_be_revised(self, world):
        page = revise(world.users.officer_a, world.awaiting)
        assert page.status_code == 302
        assert not ResponseRevision.objects.exists()

    def test_a_revision_with_the_head_cannot_change(self, world):
        revise(world.users.officer_a, world.published, submit=True)
        revise(world.users.officer_a, world.published, text_en="Sneaky change", version="1")
        assert ResponseRevision.objects.get().text_en == NEW_TEXT

    def test_who_may_revise_and_sign_off(self, world):
        assert revise(world.users.officer_b, world.published).status_code == 403
        assert revise(world.users.liaison_c, world.published).status_code == 403
        assert revise(world.users.liaison_d, world.published).status_code == 404
        assert not ResponseRevision.objects.exists()
        revise(world.users.officer_a, world.published, submit=True)
        assert decide(world.users.officer_a, world.published).status_code == 403
        assert decide(world.users.liaison_c, world.published).status_code == 403
        assert decide(world.users.secretariat, world.published).status_code == 302
        assert ResponseRevision.objects.get().state == ResponseState.PUBLISHED


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_publish_and_send_back_of_a_revision_at_once_give_one_decision(world):
    revise(world.users.officer_a, world.published, submit=True)
    head, secretariat = world.users.head_a, world.users.secretariat
    decisions = [lambda: decide(secretariat, world.published), lambda: decide(head, world.published, "send_back", "No")]
    at_once(2, lambda index: decisions[index]())
    revision = ResponseRevision.objects.get()
    versions = ResponseVersion.objects.count()
    assert (revision.state, versions) in [(ResponseState.PUBLISHED, 1), (ResponseState.DRAFT, 0)]


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_two_first_drafts_at_once_make_one_revision(world):
    at_once(2, lambda index: revise(world.users.officer_a, world.published, text_en=f"Draft {index}").status_code)
    assert ResponseRevision.objects.count() == 1


def test_a_letter_issued_after_the_revision_holds_the_revised_answer(world):
    from letters import issue
    from tests.letters.test_reply_letter import docx_text

    company, meeting = world.published.paper.company, world.published.paper.meeting
    _letter, before = issue.render(company, meeting, "en", "docx")
    revise(world.users.officer_a, world.published, submit=True)
    assert NEW_TEXT not in docx_text(issue.render(company, meeting, "en", "docx")[1])  # a draft is not in it
    decide(world.users.head_a, world.published)
    after = docx_text(issue.render(company, meeting, "en", "docx")[1])
    assert "Published text" in docx_text(before) and NEW_TEXT in after and "Published text" not in after
