"""The list's search (`q`): English and Chinese, Traditional folded to Simplified, each viewer's
track (search.py). These run on the suite's database: SQLite by default, PostgreSQL (with its
GIN indexes) under .ci/run."""

import pytest
from django.db import connection
from django.test import RequestFactory

from recommendations import search
from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation, Visibility
from tests import factories

pytestmark = pytest.mark.django_db


def found(user, query):
    request = RequestFactory().get("/recommendations/", {"q": query})
    request.user = user
    filterset = RecommendationFilter(request.GET, queryset=Recommendation.objects.visible_to(user), request=request)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("reference", flat=True))


@pytest.fixture
def texts(world):
    world.drafting.title_zh_hans = "推动数字化转型"
    world.drafting.text_en = "Accelerate the digital transformation of manufacturing."
    world.drafting.save()
    world.other.text_zh_hans = "建设数字经济示范区"
    world.other.save()
    world.published.text_en = "Build hydrogen refuelling stations along the expressway."
    world.published.save()
    return world


def test_tokens_fold_traditional_characters_and_pair_chinese():
    assert search.tokens("推動數字化 Digital-Economy") == "推动 动数 数字 字化 digital economy"
    assert search.Query("數字化").tsquery() == "('数字' <-> '字化')"


def test_simplified_and_traditional_queries_find_the_same_items(texts):
    user = texts.users.secretariat
    expected = {texts.drafting.reference, texts.other.reference}
    assert found(user, "数字") == expected
    assert found(user, "數字") == expected
    assert found(user, "数字化") == found(user, "數字化") == {texts.drafting.reference}


def test_an_english_word_finds_its_items_whatever_the_case(texts):
    user = texts.users.secretariat
    assert found(user, "Hydrogen") == {texts.published.reference}
    assert found(user, "digital transformation") == {texts.drafting.reference}
    assert found(user, "hydrogen digital") == set()


def test_a_reference_finds_its_item(texts):
    assert found(texts.users.secretariat, texts.other.reference) == {texts.other.reference}


def test_updates_are_found_by_whom_their_visibility_allows(texts):
    item = texts.published
    factories.ProgressUpdateFactory(recommendation=item, note_en="Pilot in Liangjiang", visibility=Visibility.SHARED)
    factories.ProgressUpdateFactory(recommendation=item, note_zh_hans="内部协调会纪要", visibility=Visibility.INTERNAL)
    liaison, officer = texts.users.liaison_c, texts.users.secretariat
    assert found(liaison, "Liangjiang") == found(officer, "Liangjiang") == {item.reference}
    assert found(officer, "协调会") == {item.reference}
    assert found(liaison, "协调会") == set()


def test_a_draft_response_is_found_by_the_government_only(texts):
    # The world's awaiting item has a response drafted as "Draft text".
    assert found(texts.users.secretariat, "draft text") == {texts.awaiting.reference}
    assert found(texts.users.liaison_c, "draft text") == set()


def test_search_text_follows_an_edit(texts):
    texts.other.text_zh_hans = "发展氢能"
    texts.other.save()
    assert found(texts.users.secretariat, "数字") == {texts.drafting.reference}
    assert found(texts.users.secretariat, "氢能") == {texts.other.reference}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_answers_from_the_gin_index(texts):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM recommendations_recommendation WHERE search_vector @@ to_tsquery('simple', %s)",
            [search.Query("数字化").tsquery()],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "rec_search_vector_gin" in plan
