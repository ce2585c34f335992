from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.translation import gettext_lazy as _

from health.models import Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    """ "last beat tick 3 minutes ago", "worker:celery@host 10 seconds ago"."""

    list_display = ["name", "seen", "seen_at", "detail"]
    readonly_fields = ["name", "seen_at", "detail"]

    @admin.display(description=_("how long ago"), ordering="seen_at")
    def seen(self, heartbeat):
        return naturaltime(heartbeat.seen_at)

    def has_add_permission(self, request):
        return False
