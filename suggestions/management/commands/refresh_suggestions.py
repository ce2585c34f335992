"""python manage.py refresh_suggestions: propose related recommendations for every one."""

from django.core.management.base import BaseCommand

from suggestions import proposals


class Command(BaseCommand):
    help = "Recompute the proposed related recommendations of every recommendation (decided pairs stay)."

    def handle(self, *args, **options):
        self.stdout.write(f"{proposals.refresh()} suggestions proposed.")
