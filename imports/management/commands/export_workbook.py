"""Write a user's department workbook (imports/workbook.py) to an XLSX file."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import INTERNAL_ROLES, role_of
from imports import workbook


class Command(BaseCommand):
    help = "Write the recommendations USER may work on as a department workbook (XLSX) to fill in Excel."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the officer, head or secretariat account")
        parser.add_argument("--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--language", choices=workbook.LANGUAGES, default="en")

    def handle(self, *args, **options):
        user = find_user(options["user"])
        with open(options["output"], "wb") as output:
            count = workbook.write(user, output, options["language"])
        self.stdout.write(f"{count} recommendations written to {options['output']}")


def find_user(username):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username}.")
    if role_of(user) not in INTERNAL_ROLES:
        raise CommandError(f"{username} is not an officer, a head or the secretariat.")
    return user
