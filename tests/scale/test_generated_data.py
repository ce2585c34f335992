"""The scale benchmark's generated data is what the application would have written."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F

from demo import scale
from recommendations.models import Feedback, ProgressUpdate, Recommendation, Response
from recommendations.models.recommendation import COMPUTED_FIELDS
from tests.helpers import ON_POSTGRES

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


GENERATE = """
import datetime, os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from demo import scale
scale.generate(300, datetime.date(2026, 11, 30), processes=int(sys.argv[1]))
"""


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_two_processes_write_the_same_rows_as_one():
    """On PostgreSQL, outside a transaction, two forked processes write the meetings. Run as the
    benchmark runs it: in a process of its own, on this test's database."""
    from django.core.management import call_command

    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "ccec.settings"}

    def generate(processes):
        command = [sys.executable, "-c", GENERATE, str(processes)]
        subprocess.run(command, check=True, env=environment, cwd=settings.BASE_DIR)
        return {
            row["reference"]: row
            for row in Recommendation.objects.values(
                "reference", "title_en", "lead_department__slug", *COMPUTED_FIELDS, "response__stance"
            )
        }, ProgressUpdate.objects.count()

    together = generate(2)
    call_command("flush", interactive=False, verbosity=0)
    alone = generate(1)
    assert len(together[0]) == 300
    assert alone == together


def _diff(before, after):
    return {
        (pk, name): (row[name], after[pk][name])
        for pk, row in before.items()
        for name in row
        if row[name] != after[pk][name]
    }
