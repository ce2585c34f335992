from django.core.management.base import BaseCommand, CommandError

from accounts.roles import company_view
from companies.models import Company
from meetings.models import Meeting
from reports import audiences
from reports.builder import build_report
from reports.files import FORMATS, write


class Command(BaseCommand):
    help = (
        "Write the annual meeting report of meeting N as XLSX, DOCX or PDF, in English or Chinese, "
        "for the whole meeting or one company's extract."
    )

    def add_arguments(self, parser):
        parser.add_argument("number", type=int, help="The meeting's number, e.g. 16.")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="file_format")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument("--language", default="en", choices=["en", "zh-hans"])
        parser.add_argument("--company", help="A company's slug: write that company's extract, as the company sees it.")
        parser.add_argument(
            "--audience",
            choices=[audiences.GOVERNMENT, audiences.PUBLIC],
            default=audiences.PUBLIC,
            help="Whole-meeting report: 'public' (progress shared with the companies, the default) or "
            "'government' (all progress the departments logged).",
        )

    def handle(self, *args, number, file_format, output, language, audience, company=None, **options):
        try:
            meeting = Meeting.objects.get(number=number)
        except Meeting.DoesNotExist:
            raise CommandError(f"There is no meeting number {number}.") from None
        scope = {"viewer": audiences.viewer_for(audience)}
        if company:
            try:
                scope["company"] = Company.objects.get(slug=company)
            except Company.DoesNotExist:
                raise CommandError(f"There is no company {company!r}.") from None
            scope["viewer"] = company_view(scope["company"].pk)
        report = build_report(meeting, language=language, **scope)
        with open(output, "wb") as handle:
            write(report, file_format, handle)
        self.stdout.write(f"Wrote {output}: {len(report.rows)} recommendations of {meeting}.")
