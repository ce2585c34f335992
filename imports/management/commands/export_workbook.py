"""Write a user's department workbook (imports/workbook.py) to an XLSX file."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Department
from accounts.roles import INTERNAL_ROLES, role_of
from imports import workbook


class Command(BaseCommand):
    help = "Write the recommendations USER may work on as a department workbook (XLSX) to fill in Excel."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the officer, head or secretariat account")
        parser.add_argument("--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--language", choices=workbook.LANGUAGES, default="en")
        parser.add_argument("--department", help="only this department's (its slug; for the secretariat)")

    def handle(self, *args, **options):
        user = find_user(options["user"])
        department = None
        if options["department"]:
            department = Department.objects.filter(slug=options["department"]).first()
            if department is None:
                raise CommandError(f"There is no department {options['department']}.")
        with open(options["output"], "wb") as output:
            count = workbook.write(user, output, options["language"], department)
        self.stdout.write(f"{count} recommendations written to {options['output']}")
        if count == workbook.MAX_ROWS:
            self.stdout.write(f"A workbook holds at most {workbook.MAX_ROWS}: choose a department with --department.")


def find_user(username):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username}.")
    if role_of(user) not in INTERNAL_ROLES:
        raise CommandError(f"{username} is not an officer, a head or the secretariat.")
    return user
