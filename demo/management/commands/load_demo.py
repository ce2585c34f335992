import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEFAULT_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the 16th annual meeting (2021): its 19 real papers, their recommendations, the "
        "departments, topics, sample responses and updates, and the demo users (password from "
        f"DEMO_PASSWORD, default {DEFAULT_PASSWORD!r}). Idempotent: a second run changes nothing. "
        "Refuses to create demo users when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Load the data without the demo users (allowed with DEBUG off)."
        )

    def handle(self, *args, no_users=False, **options):
        if not settings.DEBUG and not no_users:
            raise CommandError(
                "DEBUG is off: refusing to create demo users with a known password. "
                "Use --no-users to load the data alone."
            )
        result = load_demo(password=os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD, with_users=not no_users)
        for label, count in result.created.items():
            self.stdout.write(f"{label}: {count} created")
        if not any(result.created.values()):
            self.stdout.write("Nothing to do: the demo is already loaded.")
