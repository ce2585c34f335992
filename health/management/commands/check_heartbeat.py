"""Exit 0 when the process NAME has a heartbeat younger than --within seconds, 1 otherwise:
the container health check of the worker (`worker:celery@HOSTNAME`) and of beat (`beat`)."""

from django.core.management.base import BaseCommand, CommandError

from health.models import Heartbeat


class Command(BaseCommand):
    help = "Exit 1 unless the process NAME (beat, worker:celery@HOST) was seen within --within seconds."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--within", type=int, default=180, help="seconds (default 180)")

    def handle(self, *args, name, within, **options):
        heartbeat = Heartbeat.objects.filter(name=name).first()
        if heartbeat is None:
            raise CommandError(f"{name}: never seen")
        if heartbeat.age_seconds > within:
            raise CommandError(f"{name}: last seen {heartbeat.age_seconds} s ago (more than {within} s)")
        self.stdout.write(f"{name}: seen {heartbeat.age_seconds} s ago")
