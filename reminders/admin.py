"""The delivery log in the secretariat's data entry: read only, with "resend"."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reminders.models import Delivery, DeliveryStatus
from reminders.tasks import enqueue


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The log of every reminder and notice e-mail: read only, with a resend action."""

    list_display = ["day", "kind", "email", "language", "status", "attempts", "duration_ms", "sent_at", "last_error"]
    list_filter = ["status", "kind", "day", "language"]
    search_fields = ["email", "references", "last_error"]
    date_hierarchy = "day"
    actions = ["resend"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Resend the selected failed or stuck deliveries"))
    def resend(self, request, queryset):
        # Only failed rows and rows stuck in "sending" (a worker died after claiming) go back.
        ids = list(
            queryset.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.SENDING]).values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.PENDING, attempts=0)
        enqueue(ids)
        self.message_user(
            request,
            ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", len(ids))
            % {"count": len(ids)},
            messages.SUCCESS,
        )
