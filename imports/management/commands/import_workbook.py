"""Check a filled department workbook and, with --apply, write its changes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from imports import workbook
from imports.management.commands.export_workbook import find_user


class Command(BaseCommand):
    help = (
        "Print what a filled department workbook would change, and its errors (exit status 1 when "
        "there are any); with --apply, write the changes in one transaction as USER."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True)
        parser.add_argument("--apply", action="store_true")
        parser.add_argument("--language", choices=workbook.LANGUAGES, default="en", help="of the notes and texts")

    def handle(self, *args, **options):
        user = find_user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        with translation.override(options["language"]):
            preview = workbook.read(path.read_bytes(), user)
            for line in preview.error_lines():
                self.stderr.write(line)
            for row in preview.changing:
                self.stdout.write(f"row {row.number} {row.reference}: {'; '.join(map(str, row.changes))}")
            if preview.already_applied:
                self.stdout.write("This file was applied already: nothing to do.")
            if preview.has_errors:
                raise CommandError(f"{preview.error_count} errors: nothing written.")
            if options["apply"]:
                changed = workbook.apply(preview, user)
                self.stdout.write(f"{changed} rows applied.")
            else:
                self.stdout.write(f"{len(preview.changing)} rows would change (run again with --apply).")
