"""The secretariat's work on people's accounts: who has one (People), invitations, unlocking a
locked-out account; and the password-reset e-mail."""

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.once import submitted_once
from ccec.queue import dispatch
from people import directory, invitations, tasks
from people.forms import InviteForm
from reminders.tasks import send_delivery


class PasswordResetView(auth_views.PasswordResetView):
    """The reset e-mail is looked up and sent by a task, so the answer takes as long whether or
    not an account has the address, and a mail server that is down loses nothing."""

    def form_valid(self, form):
        if not dispatch(tasks.request_password_reset, form.cleaned_data["email"], get_language()):
            form.add_error(None, _("The e-mail could not be sent just now. Try again in a few minutes."))
            return self.form_invalid(form)
        return redirect(self.get_success_url())


def invite(request):
    if roles.role_of(request.user) != roles.SECRETARIAT:
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, delivery = invitations.invite(form.cleaned_data, invited_by=request.user)
        if dispatch(send_delivery, delivery.pk):
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        else:
            messages.warning(
                request,
                _(
                    "The account of %(email)s is ready; the mail service is not answering, so the invitation "
                    "will go out as soon as it is back (it waits in the e-mail log)."
                )
                % {"email": user.email},
            )
        return redirect("invite")
    return render(request, "registration/invite.html", {"form": form})


def require_secretariat(request):
    if roles.role_of(request.user) != roles.SECRETARIAT:
        raise PermissionDenied


def people_list(request):
    require_secretariat(request)
    return render(request, "people/people.html", {"people": directory.people()})


@require_POST
def unlock(request, pk):
    require_secretariat(request)
    user = get_object_or_404(get_user_model(), pk=pk)
    axes_reset(username=user.username)
    messages.success(request, _("%(name)s can sign in again.") % {"name": user.get_full_name() or user.username})
    return redirect("people")


@require_POST
@submitted_once(back=lambda request, pk: reverse("people"))
def invite_again(request, pk):
    """A new invitation for someone who never set a password (their link may have expired)."""
    require_secretariat(request)
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.has_usable_password():
        messages.error(
            request, _("%(name)s has set a password already.") % {"name": user.get_full_name() or user.username}
        )
        return redirect("people")
    delivery = invitations.reinvite(user, invited_by=request.user)
    if dispatch(send_delivery, delivery.pk):
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
    else:
        messages.warning(request, _("The mail service is not answering; the invitation waits in the e-mail log."))
    return redirect("people")
