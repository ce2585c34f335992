from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # apps.py holds a second config (django-axes'): this one is the app's
    name = "accounts"
    verbose_name = _("Accounts and departments")

    def ready(self):
        # The idle sign-out's login receiver: connected at start, not when the middleware
        # module happens to be imported by the first request (a login before it went unseen).
        from accounts import sessions  # noqa: F401


class LockoutConfig(AxesConfig):
    """django-axes (the login lockout) under a name in the reader's language in the admin."""

    verbose_name = _("Sign-in lockout")
