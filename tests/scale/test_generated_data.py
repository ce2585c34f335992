"""The scale benchmark's generated data is what the application would have written."""

import datetime

import pytest
from django.db.models import F

from demo import scale
from recommendations.models import Feedback, ProgressUpdate, Recommendation, Response
from recommendations.models.recommendation import COMPUTED_FIELDS

TODAY = datetime.date(2026, 11, 30)


@pytest.mark.django_db
def test_every_computed_field_is_what_sync_progress_computes():
    scale.generate(400, TODAY)
    before = {row["pk"]: row for row in Recommendation.objects.values("pk", *COMPUTED_FIELDS)}
    assert len(before) == 400
    for recommendation in Recommendation.objects.all():
        recommendation.sync_progress()
    after = {row["pk"]: row for row in Recommendation.objects.values("pk", *COMPUTED_FIELDS)}
    assert _diff(before, after) == {}
    books = Recommendation.objects.order_by("paper__meeting__number", "paper__position", "order")
    assert list(books.values_list("pk", flat=True)) == list(Recommendation.objects.values_list("pk", flat=True))
    # Realistic: both visibilities, both languages, answered and not, ratings.
    assert ProgressUpdate.objects.filter(visibility="shared").exists()
    assert ProgressUpdate.objects.filter(visibility="internal").exists()
    assert 1.5 < ProgressUpdate.objects.count() / Recommendation.objects.count() < 8
    assert Response.objects.filter(state="published").exists() and Response.objects.filter(state="draft").exists()
    assert Recommendation.objects.exclude(shared_status="not_started").exists()
    assert Recommendation.objects.exclude(status=F("shared_status")).exists()  # the tracks differ
    assert Feedback.objects.exists()


def _diff(before, after):
    return {
        (pk, name): (row[name], after[pk][name])
        for pk, row in before.items()
        for name in row
        if row[name] != after[pk][name]
    }
