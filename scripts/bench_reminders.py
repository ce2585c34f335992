"""Benchmark the daily reminder pass (not a test): wall time and query count.

    .venv/bin/python scripts/bench_reminders.py [--count 10000] [--database-url URL]

It creates a scratch database (Django's test database of the given DATABASE_URL, or a SQLite
file when none is given), fills it with COUNT recommendations spread over 20 departments
(each with an officer and a head) and 100 companies (each with a liaison, whose notices list
the published responses) in every reminder situation, runs the pass that the beat task runs
(plan the digests, record the delivery rows, send them to Django's in-memory mail backend),
prints the figures (time, queries, e-mails, the largest e-mail in bytes), runs the day's
second pass (which must plan nothing), and drops the scratch database.
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
    parser.add_argument("--profile", action="store_true", help="print where the planning spends its time")
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
        if args.profile:
            import cProfile
            import pstats

            from reminders import digests

            profiler = cProfile.Profile()
            profiler.runcall(digests.plan, today)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        run(today, CaptureQueriesContext, connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def populate(count, today):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.models import Department, Officer
    from companies.models import Company, Liaison
    from meetings.models import Meeting, Paper
    from recommendations.models import ProgressUpdate, Recommendation, Response, ResponseState, Stance

    User = get_user_model()
    published_at = timezone.now() - datetime.timedelta(days=400)
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
    companies = []
    for index in range(100):
        company = Company.objects.create(name_en=f"Company {index}", slug=f"company-{index}")
        user = User.objects.create_user(f"liaison-{index}", f"liaison{index}@example.org", "x")
        User.objects.filter(pk=user.pk).update(date_joined=published_at - datetime.timedelta(days=1))
        Liaison.objects.create(user=user, company=company, language="zh-hans" if index % 2 else "en")
        companies.append(company)
    papers = [
        Paper.objects.create(meeting=meeting, position=index + 1, company=companies[index])
        for meeting in meetings
        for index in range(100)
    ]
    recommendations = []
    for index in range(count):
        paper = papers[(index % 3) * 100 + (index // 3) % 100]
        recommendations.append(
            Recommendation(
                paper=paper,
                reference=f"{paper.meeting.number}-{paper.position:02d}-{index:05d}",
                order=index // 300 + 1,
                title_en=f"Recommendation {index}",
                lead_department=departments[index % 20] if index % 50 else None,
                target_date=today - datetime.timedelta(days=index % 30 - 10),
                update_due_on=today + datetime.timedelta(days=index % 60 - 45) if index % 3 == 2 else None,
            )
        )
    Recommendation.objects.bulk_create(recommendations, batch_size=1000)
    answered = Recommendation.objects.filter(paper__meeting=meetings[2], lead_department__isnull=False)
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
    largest = max((len(message.message().as_bytes()) for message in mail.outbox), default=0)
    items = max((len(message.body.splitlines()) for message in mail.outbox), default=0)
    print(
        f"pass (plan, record, send): {elapsed:.2f} s, {len(whole.captured_queries)} queries, "
        f"{len(mail.outbox)} e-mails, {Delivery.objects.filter(status='sent').count()} deliveries sent, "
        f"largest e-mail {largest / 1024:.1f} KB ({items} lines of text)"
    )
    with capture(connection) as second:
        started = time.perf_counter()
        again = send_daily_reminders(today.isoformat())
        elapsed = time.perf_counter() - started
    print(f"second pass of the day: {elapsed:.2f} s, {len(second.captured_queries)} queries, {again} queued")


if __name__ == "__main__":
    main()
