"""The secretariat's translation screens: one recommendation side by side, machine drafts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.once import submitted_once
from ccec.queue import dispatch
from recommendations.models import Recommendation
from translations import drafting, machine, tasks
from translations.forms import TranslationForm, fingerprint
from translations.models import TranslationJob

HISTORY_SHOWN = 8


def require_secretariat(request):
    if roles.role_of(request.user) != roles.SECRETARIAT:
        raise PermissionDenied


def translate(request, reference):
    require_secretariat(request)
    recommendation = get_object_or_404(Recommendation.objects.select_related("paper__company"), reference=reference)
    form = TranslationForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Two people translating one recommendation: the second save must not silently
            # overwrite the first. Compare with the row as it is now, under its lock.
            current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
            if form.cleaned_data["opened"] != fingerprint(current):
                form.add_error(
                    None,
                    _(
                        "Someone saved this translation while you were editing it. Your text is below; "
                        "theirs is on the recommendation's page: merge them and save again."
                    ),
                )
                form.data = form.data.copy()
                form.data["opened"] = fingerprint(current)
            else:
                # Onto the row as it is now, so that nothing else on it goes back to the
                # copy this page loaded (an assignment made meanwhile stays).
                for name in TranslationForm.Meta.fields:
                    setattr(current, name, form.cleaned_data[name])
                current.save()
        if not form.errors:
            messages.success(request, _("The translation is saved."))
            return redirect("translations:translate", reference=reference)
    history = recommendation.history.select_related("history_user").order_by("-history_date")[:HISTORY_SHOWN]
    return render(
        request,
        "translations/translate.html",
        {
            "recommendation": recommendation,
            "form": form,
            "history": history,
            "machine_on": machine.is_configured(),
            "gaps": drafting.missing(recommendation),
            "waiting": Recommendation.objects.needs_translation().count(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def draft(request, reference):
    require_secretariat(request)
    recommendation = get_object_or_404(Recommendation, reference=reference)
    if not machine.is_configured():
        messages.error(request, _("Machine translation is off: no translation server is configured."))
    else:
        try:
            filled = drafting.draft(recommendation)
        except machine.MachineTranslationError:
            messages.error(request, _("The translation server did not answer. Nothing was changed; try again later."))
        else:
            if filled:
                messages.success(request, _("A machine draft fills the empty side. Check it, then save."))
            else:
                messages.info(request, _("Nothing to draft: both languages are written."))
    return redirect("translations:translate", reference=reference)


@require_POST
@submitted_once(back=lambda request: reverse("recommendations:list") + "?translation=needs")
def draft_all(request):
    require_secretariat(request)
    if not machine.is_configured():
        messages.error(request, _("Machine translation is off: no translation server is configured."))
        return redirect("recommendations:list")
    job = TranslationJob.objects.create(requested_by=request.user)
    if not dispatch(tasks.draft_translations, job.pk):
        TranslationJob.objects.filter(pk=job.pk).fail(TranslationJob.BROKER_DOWN)
    return redirect(job)


def job(request, pk):
    require_secretariat(request)
    # A job that stopped moving (its worker died) says so instead of refreshing forever.
    TranslationJob.objects.filter(pk=pk).stalled(timezone.now()).fail(TranslationJob.STALLED)
    return render(request, "translations/job.html", {"job": get_object_or_404(TranslationJob, pk=pk)})


@require_POST
def job_retry(request, pk):
    require_secretariat(request)
    job = get_object_or_404(TranslationJob, pk=pk)
    restarted = TranslationJob.objects.filter(pk=pk, status=TranslationJob.Status.FAILED).update(
        status=TranslationJob.Status.QUEUED, error="", updated_at=timezone.now()
    )
    if restarted and not dispatch(tasks.draft_translations, job.pk):
        TranslationJob.objects.filter(pk=pk).fail(TranslationJob.BROKER_DOWN)
    return redirect(job)
