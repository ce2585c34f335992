"""Liveness of the processes /readyz cannot ask directly: Celery workers and beat."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last sign of life of a process: `beat` (written by the task beat schedules every
    minute, so it also proves a worker runs tasks) or `worker:<hostname>` (written by each
    worker as it starts and with its Celery heartbeats, at most every HEARTBEAT_SECONDS)."""

    BEAT = "beat"
    WORKER_PREFIX = "worker:"

    name = models.CharField(_("process"), max_length=200, unique=True)
    seen_at = models.DateTimeField(_("last seen"))
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name

    @classmethod
    def record(cls, name, detail=""):
        cls.objects.update_or_create(name=name, defaults={"seen_at": timezone.now(), "detail": detail[:200]})

    @property
    def age_seconds(self):
        return int((timezone.now() - self.seen_at).total_seconds())
