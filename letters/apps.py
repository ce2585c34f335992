from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """The reply letter (答复函): every published answer to a company's paper, as the city sends it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "letters"
    verbose_name = _("Reply letters")
