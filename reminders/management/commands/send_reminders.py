import datetime

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils import timezone

from reminders import digests
from reminders.models import Delivery, DigestKind
from reminders.tasks import send_daily_reminders


class Command(BaseCommand):
    help = (
        "Run the daily reminder pass (the same as the 09:00 beat task): one digest per person, "
        "claimed once per day. Prints per recipient what was sent, or with --dry-run what would be "
        "sent, writing and sending nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show the digests; write nothing, send nothing.")
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    @no_translations  # the operator's log reads the same whatever language a caller left active
    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date like 2026-11-29.") from None
        if dry_run:
            # Who has the day's digest already is said as such, not planned again.
            claimed = Delivery.objects.filter(day=day, kind__in=[DigestKind.REMINDERS, DigestKind.COMPANY])
            for row in claimed.order_by("kind", "email"):
                self.stdout.write(f"already sent today: {row.kind} to {row.email} ({row.get_status_display().lower()})")
            planned = digests.plan(day)
            for digest in planned:
                counts = ", ".join(
                    f"{group} {digest.count_of(group)}" for group in digest.groups if digest.groups[group]
                )
                self.stdout.write(f"would send {digest.kind} to {digest.user.email} ({digest.language}): {counts}")
            self.stdout.write(f"{len(planned)} digests would be sent for {day} (dry run: nothing written).")
            return
        queued = send_daily_reminders(day.isoformat())
        rows = Delivery.objects.filter(day=day).select_related("recipient").order_by("kind", "email")
        for row in rows:
            self.stdout.write(f"{row.get_status_display().lower()}: {row.kind} to {row.email} ({row.references})")
        self.stdout.write(f"{queued} digests queued for {day}; {rows.count()} deliveries on record for the day.")
