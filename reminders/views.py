"""My notifications: each person turns each kind of e-mail on or off, and picks its language."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from reminders.models import DigestKind, MutedKind
from reminders.preferences import EXPLANATIONS, KINDS_BY_ROLE


class NotificationsForm(forms.Form):
    """One checkbox per kind the person's role receives; `language` for officers and liaisons
    (the secretariat's e-mails are in the site's default language)."""

    def __init__(self, *args, kinds, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind] = forms.BooleanField(
                label=DigestKind(kind).label, help_text=EXPLANATIONS[kind], required=False
            )
        if language is not None:
            self.fields["language"] = forms.ChoiceField(
                label=gettext_lazy("Language of my e-mails"), choices=settings.LANGUAGES, initial=language
            )


def profile_of(user, role):
    """The record holding the person's e-mail language, if their role has one."""
    if role in (roles.OFFICER, roles.HEAD):
        return user.officer
    if role == roles.LIAISON:
        return user.liaison
    return None


def notifications(request):
    """Saving twice saves the same settings: no one-time token is needed here."""
    role = roles.role_of(request.user)
    if role not in KINDS_BY_ROLE:
        raise PermissionDenied
    kinds = KINDS_BY_ROLE[role]
    profile = profile_of(request.user, role)
    muted = set(MutedKind.objects.filter(user=request.user).values_list("kind", flat=True))
    initial = {kind: kind not in muted for kind in kinds}
    language = profile.language if profile else None
    if request.method == "POST":
        form = NotificationsForm(request.POST, kinds=kinds, language=language)
        if form.is_valid():
            with transaction.atomic():
                off = [kind for kind in kinds if not form.cleaned_data[kind]]
                MutedKind.objects.filter(user=request.user).exclude(kind__in=off).delete()
                MutedKind.objects.bulk_create(
                    [MutedKind(user=request.user, kind=kind) for kind in off], ignore_conflicts=True
                )
                if profile is not None:
                    profile.language = form.cleaned_data["language"]
                    profile.save(update_fields=["language"])
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications")
    else:
        form = NotificationsForm(initial=initial, kinds=kinds, language=language)
    return render(request, "reminders/notifications.html", {"form": form, "kinds": kinds})
