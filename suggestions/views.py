"""The secretariat confirms or dismisses a suggested related recommendation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from suggestions import proposals
from suggestions.models import Suggestion


def decided(request, pk, decide, message):
    if roles.role_of(request.user) != roles.SECRETARIAT:
        raise PermissionDenied
    suggestion = get_object_or_404(Suggestion.objects.select_related("recommendation", "other"), pk=pk)
    decide(suggestion, request.user)
    messages.success(request, message % {"reference": suggestion.other.reference})
    return redirect(suggestion.recommendation)


@require_POST
def confirm(request, pk):
    return decided(request, pk, proposals.confirm, _("Linked with %(reference)s as the same ask."))


@require_POST
def dismiss(request, pk):
    return decided(request, pk, proposals.dismiss, _("%(reference)s will not be proposed again."))
