from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "suggestions"
    verbose_name = _("Related asks")

    def ready(self):
        from suggestions import receivers  # noqa: F401 (connects the signal receivers)
