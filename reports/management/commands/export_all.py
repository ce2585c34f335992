from django.core.management.base import BaseCommand

from reports.archive import export_all


class Command(BaseCommand):
    help = "Write every meeting's data as JSON and the stored files into DIR (reports/archive.py)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="a folder (created when missing)")

    def handle(self, *args, output, **options):
        manifest = export_all(output)
        recommendations = sum(meeting["recommendations"] for meeting in manifest["meetings"].values())
        self.stdout.write(
            f"{len(manifest['meetings'])} meetings, {recommendations} recommendations and "
            f"{len(manifest['files'])} files written to {output}"
        )
