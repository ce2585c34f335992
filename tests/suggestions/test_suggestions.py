"""Suggested related asks: ranking (scikit-learn TF-IDF), the command, confirm and dismiss."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import Recommendation
from suggestions import proposals
from suggestions.models import Suggestion
from tests import factories

pytestmark = pytest.mark.django_db

ASK = (
    "Issue long-term talent visas to foreign engineers and their families, with one window for work and "
    "residence permits, so that companies can bring specialists to Chongqing quickly."
)
NEAR_COPY = (
    "Grant long-term talent visas to foreign engineers and their families, with a single window for work "
    "and residence permits, so companies can bring their specialists to Chongqing fast."
)


@pytest.fixture
def asks(world):
    other_company = factories.PaperFactory(meeting=world.paper_c.meeting, company=factories.CompanyFactory())
    later = factories.PaperFactory(meeting=factories.MeetingFactory(number=17), company=world.company_c)
    items = {
        "ask": factories.RecommendationFactory(paper=world.paper_c, title_en="Talent visas", text_en=ASK),
        "copy": factories.RecommendationFactory(paper=other_company, title_en="Visas for talent", text_en=NEAR_COPY),
        "again": factories.RecommendationFactory(paper=later, title_en="Talent visas again", text_en=ASK[:90]),
        "unrelated": factories.RecommendationFactory(
            paper=other_company, title_en="Hydrogen corridor", text_en="Build hydrogen refuelling stations along roads."
        ),
        "same_paper": factories.RecommendationFactory(paper=world.paper_c, title_en="Talent visas", text_en=ASK),
    }
    return items


def ranked(reference):
    out = StringIO()
    call_command("suggest_related", reference, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_near_copy_from_another_company_ranks_first(asks):
    result = ranked(asks["ask"].reference)
    assert result[0]["reference"] == asks["copy"].reference
    references = [row["reference"] for row in result]
    assert asks["again"].reference in references  # the same company, another meeting
    assert asks["same_paper"].reference not in references  # the same company and meeting: not a repeat
    assert asks["unrelated"].reference not in references
    assert all(isinstance(row["score"], float) for row in result)


def test_chinese_is_compared_with_chinese(world):
    other = factories.PaperFactory(meeting=world.paper_c.meeting, company=factories.CompanyFactory())
    one = factories.RecommendationFactory(
        paper=world.paper_c,
        title_en="",
        text_en="",
        title_zh_hans="建设氢能走廊",
        text_zh_hans="沿成渝高速公路布局加氢站，建设氢能走廊。",
    )
    copy = factories.RecommendationFactory(
        paper=other,
        title_en="",
        text_en="",
        title_zh_hans="打造氢能走廊",
        text_zh_hans="沿成渝高速布局加氢站，打造氢能走廊。",
    )
    factories.RecommendationFactory(paper=other, title_zh_hans="人才签证", text_zh_hans="为外籍人才提供长期签证。")
    assert ranked(one.reference)[0]["reference"] == copy.reference


def test_a_sub_point_takes_part_but_not_with_its_own_parent(asks, world):
    child = factories.RecommendationFactory(paper=world.paper_c, parent=asks["ask"], title_en="Visas", text_en=ASK)
    references = [row["reference"] for row in ranked(child.reference)]
    assert asks["ask"].reference not in references
    assert asks["copy"].reference in references


def test_confirm_links_both_ways_and_dismiss_is_never_proposed_again(client, asks, world):
    proposals.refresh()
    client.force_login(world.users.secretariat)
    confirmed = Suggestion.objects.get(recommendation=asks["ask"], other=asks["copy"])
    client.post(reverse("suggestions:confirm", args=[confirmed.pk]))
    assert asks["copy"] in asks["ask"].related.all() and asks["ask"] in asks["copy"].related.all()
    dismissed = Suggestion.objects.get(recommendation=asks["ask"], other=asks["again"])
    client.post(reverse("suggestions:dismiss", args=[dismissed.pk]))
    proposals.refresh()
    assert not Suggestion.objects.proposed().filter(recommendation=asks["ask"], other=asks["again"]).exists()
    assert not Suggestion.objects.proposed().filter(recommendation=asks["again"], other=asks["ask"]).exists()
    assert Suggestion.objects.get(pk=dismissed.pk).status == "dismissed"
    page = client.get(asks["ask"].get_absolute_url()).content.decode()
    assert "Maybe the same ask" in page


@pytest.mark.parametrize("role", ["officer_a", "head_a", "liaison_c"])
def test_only_the_secretariat_decides(client, asks, world, role):
    proposals.refresh()
    suggestion = Suggestion.objects.proposed().first()
    client.force_login(getattr(world.users, role))
    assert client.post(reverse("suggestions:confirm", args=[suggestion.pk])).status_code == 403
    assert client.post(reverse("suggestions:dismiss", args=[suggestion.pk])).status_code == 403
    assert Suggestion.objects.get(pk=suggestion.pk).status == "proposed"


def test_new_recommendations_are_ranked_once_their_transaction_commits(asks, world, django_capture_on_commit_callbacks):
    other = factories.PaperFactory(meeting=factories.MeetingFactory(number=18), company=world.company_d)
    with django_capture_on_commit_callbacks(execute=True):
        new = factories.RecommendationFactory(paper=other, title_en="Talent visas once more", text_en=NEAR_COPY)
    assert Suggestion.objects.proposed().filter(recommendation=new).exists()


def test_an_unknown_reference_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No recommendation"):
        call_command("suggest_related", "99-99-99")
    assert not Recommendation.objects.exists()
