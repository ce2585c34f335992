import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse

from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation, Stance
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def run(world, user, **params):
    request = RequestFactory().get("/recommendations/", params)
    request.user = user
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.visible_to(user), request=request, today=TODAY
    )
    return filterset


def refs(filterset):
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("reference", flat=True))


def test_company_department_and_meeting_filters(world):
    user = world.users.secretariat
    assert refs(run(world, user, company=world.company_d.pk)) == {world.other.reference}
    assert refs(run(world, user, department=world.department_a.pk)) == {
        world.drafting.reference,
        world.awaiting.reference,
        world.published.reference,
    }
    later = factories.MeetingFactory(number=17)
    newer = factories.RecommendationFactory(paper__meeting=later, paper__company=world.company_c)
    assert refs(run(world, user, meeting=later.pk)) == {newer.reference}


def test_stage_filter(world):
    user = world.users.secretariat
    unassigned = factories.RecommendationFactory(paper=world.paper_c)
    assert refs(run(world, user, stage="unassigned")) == {unassigned.reference}
    assert refs(run(world, user, stage="awaiting_response")) == {
        world.drafting.reference,
        world.awaiting.reference,
        world.other.reference,
    }
    assert refs(run(world, user, stage="in_implementation")) == {world.published.reference}


def test_overdue_filters(world):
    user = world.users.secretariat
    # The meeting's deadline (2022) has passed: every recommendation without a published response is late.
    assert refs(run(world, user, overdue="response")) == {
        world.drafting.reference,
        world.awaiting.reference,
        world.other.reference,
    }
    # The published one's last update (2022-02-01) is far more than 90 days old.
    assert refs(run(world, user, overdue="update")) == {world.published.reference}
    assert len(refs(run(world, user, overdue="any"))) == 4


def test_stance_filter_ignores_drafts_for_a_liaison(world):
    draft = world.awaiting.response
    draft.stance = Stance.NOT_ADOPTED
    draft.save()
    assert refs(run(world, world.users.secretariat, stance="not_adopted")) == {world.awaiting.reference}
    assert refs(run(world, world.users.liaison_c, stance="not_adopted")) == set()


def test_search_matches_title_text_and_published_response_only_for_liaisons(world):
    world.drafting.title_en = "Develop hydrogen corridors"
    world.drafting.save()
    world.published.text_zh_hans = "建议推动氢能产业发展"
    world.published.save()
    user = world.users.secretariat
    assert refs(run(world, user, q="hydrogen")) == {world.drafting.reference}
    assert refs(run(world, user, q="氢能")) == {world.published.reference}
    assert refs(run(world, user, q=world.other.reference)) == {world.other.reference}
    # Response text: everyone finds the published one; only the government side finds a draft.
    assert refs(run(world, user, q="Draft text")) == {world.awaiting.reference}
    assert refs(run(world, world.users.liaison_c, q="Draft text")) == set()
    assert refs(run(world, world.users.liaison_c, q="Published text")) == {world.published.reference}


def test_progress_range_and_clarification(world):
    user = world.users.secretariat
    factories.ProgressUpdateFactory(recommendation=world.drafting, progress=80)
    assert refs(run(world, user, progress_min=50)) == {world.drafting.reference}
    assert world.drafting.reference not in refs(run(world, user, progress_max=50))
    factories.FeedbackFactory(response=world.published.response, requests_clarification=True)
    assert refs(run(world, user, clarification="on")) == {world.published.reference}


def test_bad_input_is_an_error_not_an_empty_result(world):
    filterset = run(world, world.users.secretariat, meeting="abc", progress_min="200", stage="nonsense")
    assert not filterset.is_valid()
    assert set(filterset.errors) == {"meeting", "progress_min", "stage"}


def test_liaison_company_choices_are_their_own(world):
    filterset = run(world, world.users.liaison_c)
    assert list(filterset.form.fields["company"].queryset) == [world.company_c]
    assert not run(world, world.users.liaison_c, company=world.company_d.pk).is_valid()


def test_ordering_by_progress(world):
    factories.ProgressUpdateFactory(recommendation=world.other, progress=90)
    filterset = run(world, world.users.secretariat, o="-progress")
    assert filterset.is_valid()
    assert filterset.qs.first() == world.other


def test_list_page_shows_the_filter_error(client, world):
    client.force_login(world.users.officer_a)
    response = client.get("/recommendations/?progress_min=200")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Some filters are not valid" in content
    assert "less than or equal to 100" in content


def test_list_page_counts_and_paginates(client, world):
    client.force_login(world.users.secretariat)
    for _ in range(51):
        factories.RecommendationFactory(paper=world.paper_d)
    first = client.get("/recommendations/").content.decode()
    assert "55 recommendations" in first
    assert "Page 1 of 2" in first
    second = client.get("/recommendations/?page=2&o=reference").content.decode()
    assert "Page 2 of 2" in second


def test_sort_options_read_in_chinese(client, world):
    client.force_login(world.users.secretariat)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/recommendations/").content.decode()
    assert "（降序）" in page and "(descending)" not in page


def test_a_column_sort_stops_at_its_page_cap_and_asks_to_refine(client, world, monkeypatch):
    from recommendations.views import browse

    monkeypatch.setattr(browse, "PAGE_SIZE", 1)
    monkeypatch.setattr(browse, "SORTED_PAGE_CAP", 2)
    client.force_login(world.users.secretariat)
    deep = client.get(reverse("recommendations:list"), {"o": "-progress", "page": 4})
    assert deep.context["page"].number == 2 and deep.context["past_cap"]
    assert "Refine the filter" in deep.content.decode()
    # The list's own order (an index serves it) has no cap.
    plain = client.get(reverse("recommendations:list"), {"page": 3})
    assert plain.context["page"].number == 3 and not plain.context["past_cap"]
    assert "Refine the filter" not in plain.content.decode()
