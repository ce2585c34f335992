"""The task beat schedules every minute: its row says beat ticks and a worker runs tasks."""

import socket

from celery import shared_task

from health.models import Heartbeat


@shared_task
def beat_tick():
    Heartbeat.record(Heartbeat.BEAT, detail=socket.gethostname())
