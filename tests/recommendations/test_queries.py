"""List pages run a bounded number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import ResponseState, Visibility
from tests import factories

pytestmark = pytest.mark.django_db


def add_rows(world, count):
    """`count` more recommendations of company C, lead department A, with responses and updates."""
    for index in range(count):
        recommendation = factories.RecommendationFactory(paper=world.paper_c, lead_department=world.department_a)
        recommendation.topics.add(factories.TopicFactory(slug=f"topic-{index % 3}"))
        if index % 2:
            factories.ResponseFactory(
                recommendation=recommendation, department=world.department_a, state=ResponseState.PUBLISHED
            )
            factories.ProgressUpdateFactory(
                recommendation=recommendation, visibility=Visibility.SHARED, date=datetime.date(2022, 5, 1)
            )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


PAGES = {
    "list": ("secretariat", lambda w: reverse("recommendations:list")),
    "list_filtered": ("officer_a", lambda w: reverse("recommendations:list") + "?overdue=any&o=-progress&q=Rec"),
    "workspace": ("officer_a", lambda w: reverse("workspace")),
    "head_workspace": ("head_a", lambda w: reverse("workspace")),
    "portal": ("liaison_c", lambda w: reverse("portal")),
    "paper": ("officer_a", lambda w: reverse("paper_detail", args=[16, w.paper_c.position])),
    "company": ("secretariat", lambda w: reverse("companies:detail", args=[w.company_c.slug])),
    "papers": ("secretariat", lambda w: reverse("paper_list")),
    "companies": ("secretariat", lambda w: reverse("companies:list")),
    "overview": ("secretariat", lambda w: reverse("home")),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_rows(client, world, page):
    role, url_for = PAGES[page]
    client.force_login(getattr(world.users, role))
    add_rows(world, 10)
    with_few = count_queries(client, url_for(world))
    add_rows(world, 50)
    with_many = count_queries(client, url_for(world))
    assert with_many == with_few, f"{page}: {with_few} queries with 13 rows, {with_many} with 63"
    # The head's workspace is the largest: 26 (its carry-over figure reads the latest meeting).
    assert with_many <= 26


def test_recommendation_page_query_count_is_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world.users.officer_a)
    recommendation = world.published
    for day in range(50):
        factories.ProgressUpdateFactory(
            recommendation=recommendation, date=datetime.date(2023, 1, 1) + datetime.timedelta(days=day)
        )
        child = factories.RecommendationFactory(paper=world.paper_c, parent=recommendation)
        recommendation.related.add(child)
    url = reverse("recommendations:detail", args=[recommendation.reference])
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_liaison_recommendation_page_query_count_is_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world.users.liaison_c)
    for day in range(50):
        factories.ProgressUpdateFactory(
            recommendation=world.published,
            visibility=Visibility.SHARED,
            date=datetime.date(2023, 1, 1) + datetime.timedelta(days=day),
        )
    with django_assert_max_num_queries(20):
        assert client.get(reverse("recommendations:detail", args=[world.published.reference])).status_code == 200
