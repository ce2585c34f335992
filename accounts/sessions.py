"""Idle sign-out: officers, heads and the secretariat are signed out after SESSION_IDLE_MINUTES
without a request (each request moves the end on; the session is written at most once a
minute for it). Company liaisons keep the cookie age (SESSION_COOKIE_AGE)."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts import roles

TOUCHED = "_idle_touched"


def touch(request, user):
    """Move the end of a government-side user's session to SESSION_IDLE_MINUTES from now."""
    if settings.SESSION_IDLE_MINUTES and roles.role_of(user) in roles.INTERNAL_ROLES:
        request.session[TOUCHED] = int(time.time())
        request.session.set_expiry(settings.SESSION_IDLE_MINUTES * 60)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        touch(request, user)


def idle_timeout(get_response):
    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and int(time.time()) - request.session.get(TOUCHED, 0) >= 60:
            touch(request, user)  # at most once a minute: the session is written when touched
        return get_response(request)

    return middleware
