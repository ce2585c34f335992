from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders and e-mails")

    def ready(self):
        from reminders import receivers  # noqa: F401 (connects the notices to the signals)
