import json as json_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from imports.reading.extract import extract_file
from imports.reading.text import UnreadableFile

FIELDS = ["number", "title", "text", "parent", "page", "line", "confidence"]


class Command(BaseCommand):
    help = (
        "Propose the recommendations of a paper (PDF, DOCX, TXT or Markdown): number as printed, "
        "short title, full text, parent, page, line and confidence; --json prints them as a JSON list."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Print a JSON list instead of a readable one.")

    def handle(self, *args, file, json=False, **options):
        try:
            with open(file, "rb") as handle:
                handle.seek(0, 2)
                if handle.tell() > settings.MAX_UPLOAD_SIZE:
                    raise CommandError(f"{file} is larger than the {settings.MAX_UPLOAD_SIZE // 2**20} MB limit.")
            candidates = extract_file(file)
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}.") from None
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(dumps([{key: getattr(c, key) for key in FIELDS} for c in candidates]))
            return
        for candidate in candidates:
            parent = f" (under {candidate.parent})" if candidate.parent else ""
            self.stdout.write(
                f"{candidate.number or '-'}{parent} p.{candidate.page} l.{candidate.line} "
                f"[{candidate.confidence:.1f}] {candidate.title}"
            )
        self.stdout.write(f"{len(candidates)} candidates.")


def dumps(data):
    return json_module.dumps(data, ensure_ascii=False, indent=1)
