"""The Celery application, wired as Celery's Django guide does."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccec.settings")

app = Celery("ccec")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
