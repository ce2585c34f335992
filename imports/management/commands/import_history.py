"""Check a history sheet of earlier meetings and, with --apply, create what it holds."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.roles import SECRETARIAT, role_of
from imports import history


class Command(BaseCommand):
    help = (
        "Print what a history sheet (imports/examples/history-example.xlsx shows the columns) would "
        "create or match, and its errors (exit status 1 when there are any); with --apply, create it "
        "in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--apply", action="store_true")
        parser.add_argument("--user", help="the secretariat account recorded as the importer (default: the first)")
        parser.add_argument("--language", choices=["en", "zh-hans"], default="en", help="of the messages")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        user = secretariat(options["user"])
        with translation.override(options["language"]):
            preview = history.read(path.read_bytes(), user)
            for line in preview.error_lines():
                self.stderr.write(line)
            for row in preview.changing:
                matched = f" (matches {row.matched})" if row.matched else ""
                self.stdout.write(f"row {row.number}{matched}: {'; '.join(map(str, row.changes))}")
            if preview.has_errors:
                raise CommandError(f"{preview.error_count} errors: nothing written.")
            if preview.already_applied:
                self.stdout.write("This file was applied already: nothing to do.")
            elif options["apply"]:
                self.stdout.write(f"{history.apply(preview, user)} rows applied.")
            else:
                self.stdout.write(f"{len(preview.changing)} rows would change (run again with --apply).")


def secretariat(username):
    users = get_user_model().objects.order_by("pk")
    user = users.filter(username=username).first() if username else None
    if username and user is None:
        raise CommandError(f"There is no user {username}.")
    candidates = [user] if user else [u for u in users.filter(is_active=True) if role_of(u) == SECRETARIAT][:1]
    if not candidates or role_of(candidates[0]) != SECRETARIAT:
        raise CommandError("The import is recorded as a secretariat account: name one with --user.")
    return candidates[0]
