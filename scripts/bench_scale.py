"""Benchmark ccec at scale (not a test): the list's search against Django admin's, side by side.

    .venv/bin/python scripts/bench_scale.py --count 100000 --database-url postgres://postgres@127.0.0.1:5432/ccec
    .venv/bin/python scripts/bench_scale.py --count 2000 --check     # a quick run that fails if a ratio is off

It creates its own scratch schema (Django's test database of the URL, or a SQLite file), fills
it with COUNT recommendations in English and Chinese (bulk inserts; each row's search tokens
computed as the model computes them), then times whole requests through Django's test client,
as the secretariat sees them:

- the list's search, `/recommendations/?q=...`, and
- Django admin's search of the same rows, `/admin/recommendations/recommendation/?q=...`,

for a common English word, a word that matches nothing, and a Chinese word, in turns (list,
admin, list, admin, ...) RUNS times each, and prints each median and the ratio list / admin
(below 1: the list is faster). It also times the database's own floor for the same search:
the GIN-indexed match counted in SQL, with no Django around it. --check exits 1 when a
list search is slower than the admin's.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGLISH = [
    "digital",
    "economy",
    "hydrogen",
    "logistics",
    "talent",
    "finance",
    "innovation",
    "customs",
    "corridor",
    "railway",
    "manufacturing",
    "cluster",
    "carbon",
    "energy",
    "platform",
    "investment",
    "training",
    "export",
    "semiconductor",
]
CHINESE = [
    "数字经济",
    "氢能产业",
    "物流枢纽",
    "人才引进",
    "绿色金融",
    "科技创新",
    "通关便利",
    "智能制造",
    "碳中和",
    "对外开放",
]
QUERIES = [("common English word", "digital"), ("no match", "zeppelin"), ("Chinese word", "氢能")]


def generate(count):
    from accounts.models import Department
    from meetings.models import Meeting, Paper
    from recommendations import search
    from recommendations.models import Recommendation

    meeting = Meeting.objects.create(number=90, year=2035, date=datetime.date(2035, 11, 1))
    departments = [
        Department.objects.create(slug=f"d{index}", name_en=f"Department {index}", short_name_en=f"D{index}")
        for index in range(20)
    ]
    per_paper = 100
    papers = Paper.objects.bulk_create(
        [Paper(meeting=meeting, position=index + 1) for index in range(count // per_paper + 1)]
    )
    batch = []
    for index in range(count):
        words = [ENGLISH[(index * 7 + step) % len(ENGLISH)] for step in range(3)]
        title_en = f"Recommendation {index} on {' and '.join(words)}"
        title_zh = f"关于{CHINESE[index % len(CHINESE)]}的第{index}条建议"
        text_en = f"The government should support {words[0]} and {words[1]} in the region. " * 4
        text_zh = f"建议加快发展{CHINESE[(index * 3) % len(CHINESE)]}，推动{CHINESE[(index * 5) % len(CHINESE)]}。" * 3
        tokens = search.tokens(title_en, title_zh, text_en, text_zh)
        paper = papers[index // per_paper]
        batch.append(
            Recommendation(
                paper=paper,
                reference=f"90-{paper.position:04d}-{index % per_paper + 1:03d}",
                order=index % per_paper + 1,
                title_en=title_en,
                title_zh_hans=title_zh,
                text_en=text_en,
                text_zh_hans=text_zh,
                lead_department=departments[index % len(departments)],
                search_text=tokens,
                shared_search_text=tokens,
            )
        )
        if len(batch) == 5000:
            Recommendation.objects.bulk_create(batch)
            batch = []
    Recommendation.objects.bulk_create(batch)
    Recommendation.objects.write_search_vectors()


def median_of(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def compare(client, runs):
    """Interleaved medians: (label, list s, admin s, floor s, matches) for each query."""
    from django.db import connection

    from recommendations import search

    rows = []
    for label, query in QUERIES:
        list_times, admin_times = [], []
        for _ in range(runs):
            for url, times in (
                ("/recommendations/", list_times),
                ("/admin/recommendations/recommendation/", admin_times),
            ):
                started = time.perf_counter()
                response = client.get(url, {"q": query})
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)

        def floor(query=query):
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "SELECT count(*) FROM recommendations_recommendation "
                        "WHERE search_vector @@ to_tsquery('simple', %s)",
                        [search.Query(query).tsquery()],
                    )
                else:
                    cursor.execute(
                        "SELECT count(*) FROM recommendations_recommendation WHERE search_text LIKE %s",
                        [f"%{search.Query(query).needles()[0]}%"],
                    )
                return cursor.fetchone()[0]

        matches = floor()
        rows.append(
            (
                label,
                query,
                statistics.median(list_times),
                statistics.median(admin_times),
                median_of(floor, runs),
                matches,
            )
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="postgres://... (default: a scratch SQLite file)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 if a list search is slower than the admin's")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ccec.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        generate(args.count)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE recommendations_recommendation")
        print(f"{connection.vendor}: {args.count} recommendations generated in {time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(get_user_model().objects.create_superuser("bench", "bench@example.org", "x"))
        print(f"{'query':<22} {'matches':>8} {'list s':>8} {'admin s':>8} {'list/admin':>10} {'floor s':>8}")
        slower = False
        for label, query, list_s, admin_s, floor_s, matches in compare(client, args.runs):
            name = f"{label} {query}"
            ratio = list_s / admin_s
            print(f"{name:<22} {matches:>8} {list_s:>8.3f} {admin_s:>8.3f} {ratio:>10.2f} {floor_s:>8.4f}")
            slower |= list_s > admin_s
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.check and slower:
        print("the list's search was slower than the admin's", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
