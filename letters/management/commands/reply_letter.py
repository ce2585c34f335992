"""python manage.py reply_letter COMPANY_SLUG --meeting N --format docx|pdf --output FILE [--language ...]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from companies.models import Company
from letters import content, files, issue
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Write a company's reply letter (答复函) for a meeting: every published answer to its paper."

    def add_arguments(self, parser):
        parser.add_argument("company", help="the company's slug")
        parser.add_argument("--meeting", type=int, required=True, help="the meeting's number")
        parser.add_argument("--format", dest="file_format", choices=files.FORMATS, required=True)
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument(
            "--language",
            choices=content.LANGUAGE_CHOICES,
            help="the letter's language (both: Chinese, then English); default the company's liaisons' language",
        )

    def handle(self, company, meeting, file_format, output, language, **options):
        try:
            company = Company.objects.get(slug=company)
        except Company.DoesNotExist:
            raise CommandError(f"No company has the slug {company!r}.") from None
        try:
            meeting = Meeting.objects.get(number=meeting)
        except Meeting.DoesNotExist:
            raise CommandError(f"There is no annual meeting {meeting}.") from None
        language = language or content.language_of(company)
        try:
            letter, data = issue.render(company, meeting, language, file_format)
        except content.NoPaper as exc:
            raise CommandError(str(exc)) from None
        Path(output).write_bytes(data)
        pending = sum(item.pending for item in letter.sections[0].items)
        note = f" ({pending} answer(s) not yet published, marked as being prepared)" if pending else ""
        self.stdout.write(f"Wrote {output}: {len(letter.sections[0].items)} recommendation(s){note}.")
