"""The secretariat's translation screens: one recommendation side by side, machine drafts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from ccec.queue import dispatch
from recommendations.models import Recommendation
from translations import drafting, machine, tasks
from translations.forms import TranslationForm
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
        form.save()
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
