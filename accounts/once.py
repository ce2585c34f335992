"""Form posts that change things happen once (a one-time token in each form).

Every such form carries a fresh token ({% form_token %}). The view runs in one transaction with
the token's FormSubmission row: the same post sent again, even at the same moment, finds the
token taken (the unique constraint waits for the first to commit) and changes nothing more. A
post that fails (a form error, a refusal) rolls its token back, so the corrected form can be
sent again.
"""

import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import FormSubmission

FIELD = "form_token"


def new_token():
    return uuid.uuid4().hex


def token_of(request):
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def submitted_once(back):
    """Decorate a POST view; `back(request, *args, **kwargs)` is where a repeated or tokenless
    post is sent, with a message."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            token = token_of(request)
            if token is None:
                messages.error(request, _("This form is out of date: it was not saved. Fill it in again."))
                return redirect(back(request, *args, **kwargs))
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        FormSubmission.objects.create(user=request.user, token=token)
                except IntegrityError:
                    messages.info(request, _("This form had been sent already: it was saved once, not twice."))
                    return redirect(back(request, *args, **kwargs))
                response = view(request, *args, **kwargs)
                if response.status_code >= 400:
                    transaction.set_rollback(True)  # nothing was done: the token may be used again
                return response

        return wrapper

    return decorator
