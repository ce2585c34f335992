"""Benchmark the daily reminder pass (not a test): wall time and query count.

    .venv/bin/python scripts/bench_reminders.py [--count 10000] [--database-url URL]

It creates a scratch database (Django's test database of the given DATABASE_URL, or a SQLite
file when none is given), fills it with COUNT recommendations spread over 20 departments
(each with an officer and a head) in every reminder situation, runs the pass that the beat
task runs (plan the digests, record the delivery rows, send them to Django's in-memory mail
backend), prints the figures, and drops the scratch database.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database-url", default="", help="postgres://... (default: a scratch SQLite file)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{scratch}"
    os.environ.pop("CELERY_BROKER_URL", None)  # send in-process
    os.environ["DJANGO_SETTINGS_MODULE"] = "ccec.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # in-memory e-mail backend
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        today = datetime.date(2026, 11, 29)
        started = time.perf_counter()
        populate(args.count, today)
        print(f"{connection.vendor}: {args.count} recommendations generated in {time.perf_counter() - started:.1f} s")
        run(today, CaptureQueriesContext, connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def populate(count, today):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.models import Department, Officer
    from meetings.models import Meeting, Paper
    from recommendations.models import ProgressUpdate, Recommendation, Response, ResponseState, Stance

    User = get_user_model()
    departments = []
    for index in range(20):
        department = Department.objects.create(name_en=f"Department {index}", slug=f"dept-{index}")
        for is_head in (False, True):
            user = User.objects.create_user(f"user-{index}-{is_head}", f"user{index}{is_head}@example.org", "x")
            Officer.objects.create(user=user, department=department, is_head=is_head)
        departments.append(department)
    meetings = [
        Meeting.objects.create(number=number, year=2000 + number, date=today - datetime.timedelta(days=offset + 60))
        for number, offset in ((1, 5), (2, -40), (3, 400))  # deadline in 5 days, overdue, long past
    ]
    papers = [Paper.objects.create(meeting=meeting, position=1) for meeting in meetings]
    published_at = timezone.now() - datetime.timedelta(days=400)
    recommendations = []
    for index in range(count):
        paper = papers[index % 3]
        recommendations.append(
            Recommendation(
                paper=paper,
                reference=f"{paper.meeting.number}-01-{index:05d}",
                order=index + 1,
                title_en=f"Recommendation {index}",
                lead_department=departments[index % 20] if index % 50 else None,
                target_date=today - datetime.timedelta(days=index % 30 - 10),
                update_due_on=today + datetime.timedelta(days=index % 60 - 45) if paper == papers[2] else None,
            )
        )
    Recommendation.objects.bulk_create(recommendations, batch_size=1000)
    answered = Recommendation.objects.filter(paper=papers[2], lead_department__isnull=False)
    Response.objects.bulk_create(
        [
            Response(
                recommendation=recommendation,
                department_id=recommendation.lead_department_id,
                stance=Stance.ACCEPTED,
                text_en="Accepted.",
                state=ResponseState.PUBLISHED,
                published_at=published_at,
            )
            for recommendation in answered
        ],
        batch_size=1000,
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(recommendation=recommendation, date=today, status="in_progress", progress=10, note_en="x")
            for recommendation in answered[: count // 10]
        ],
        batch_size=1000,
    )


def run(today, capture, connection):
    from django.core import mail

    from reminders import digests
    from reminders.models import Delivery
    from reminders.tasks import send_daily_reminders

    with capture(connection) as planned:
        started = time.perf_counter()
        plan = digests.plan(today)
        planning = time.perf_counter() - started
    items = sum(len(items) for digest in plan for items in digest.groups.values())
    print(f"plan: {len(plan)} digests, {items} items, {planning:.2f} s, {len(planned.captured_queries)} queries")
    with capture(connection) as whole:
        started = time.perf_counter()
        send_daily_reminders(today.isoformat())
        elapsed = time.perf_counter() - started
    print(
        f"pass (plan, record, send): {elapsed:.2f} s, {len(whole.captured_queries)} queries, "
        f"{len(mail.outbox)} e-mails, {Delivery.objects.filter(status='sent').count()} deliveries sent"
    )


if __name__ == "__main__":
    main()
