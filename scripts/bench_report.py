"""Benchmark the annual meeting report (not a test): the page's figures and each file format.

    .venv/bin/python scripts/bench_report.py [--count 5000] [--database-url URL]

It creates a scratch database (Django's test database of DATABASE_URL, or a SQLite file),
loads the demo meeting, times the page's work and each format for it, then generates a meeting
of COUNT recommendations (with responses, updates and topics) and times the same again.
"""

import argparse
import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(label, function):
    started = time.perf_counter()
    result = function()
    print(f"  {label}: {time.perf_counter() - started:.2f} s")
    return result


def measure(meeting):
    from reports.builder import build_report
    from reports.charts import report_charts
    from reports.files import write

    def page():
        report = build_report(meeting, with_rows=False)
        for chart in report_charts(report):
            chart.svg  # noqa: B018 (render it, as the page does)
            chart.close()

    print(f"meeting {meeting.number}: {meeting.papers.count()} papers")
    timed("page (figures and charts)", page)
    for file_format in ("xlsx", "docx", "pdf"):
        timed(file_format, lambda file_format=file_format: write(build_report(meeting), file_format, io.BytesIO()))


def generate(count):
    from django.utils import timezone

    from accounts.models import Department
    from meetings.models import Meeting, Paper, Topic
    from recommendations.models import ProgressUpdate, Recommendation, Response, ResponseState, Stance

    meeting = Meeting.objects.create(number=99, year=2030, date=datetime.date(2030, 11, 1))
    departments = list(Department.objects.all())
    topics = list(Topic.objects.all())
    papers = [Paper.objects.create(meeting=meeting, position=index + 1) for index in range(25)]
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                paper=papers[index % 25],
                reference=f"99-{index % 25 + 1:02d}-{index:04d}",
                order=index + 1,
                title_en=f"Generated recommendation {index}",
                text_en="The municipal government should act. " * 10,
                lead_department=departments[index % len(departments)],
                status=["not_started", "in_progress", "implemented"][index % 3],
                progress=[0, 40, 100][index % 3],
            )
            for index in range(count)
        ],
        batch_size=1000,
    )
    recommendations = list(Recommendation.objects.filter(paper__meeting=meeting))
    Recommendation.topics.through.objects.bulk_create(
        [
            Recommendation.topics.through(recommendation_id=r.pk, topic_id=topics[i % len(topics)].pk)
            for i, r in enumerate(recommendations)
        ],
        batch_size=1000,
    )
    stances = [Stance.ACCEPTED, Stance.PARTIALLY_ACCEPTED, Stance.UNDER_STUDY, Stance.NOTED]
    Response.objects.bulk_create(
        [
            Response(
                recommendation=r,
                department_id=r.lead_department_id,
                stance=stances[i % 4],
                text_en="Accepted with measures. " * 5,
                state=ResponseState.PUBLISHED,
                published_at=timezone.now(),
            )
            for i, r in enumerate(recommendations)
            if i % 5
        ],
        batch_size=1000,
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                recommendation=r,
                date=datetime.date(2031, 3, 1),
                status=r.status,
                progress=r.progress,
                note_en="Shared progress.",
                visibility="shared",
            )
            for r in recommendations[::2]
        ],
        batch_size=1000,
    )
    return meeting


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ccec.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from demo.loader import load_demo
    from meetings.models import Meeting

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo(with_users=False)
        print(connection.vendor)
        measure(Meeting.objects.get(number=16))
        measure(timed(f"generating {args.count} recommendations", lambda: generate(args.count)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
