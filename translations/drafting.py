"""Machine drafts of the missing language of a recommendation (machine.py is the server)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.choices import Translation
from recommendations.models import Recommendation
from translations import machine
from translations.models import TranslationJob

# The translated fields of a recommendation, and each language with the one it is drafted from.
FIELDS = ("title", "text")
DIRECTIONS = (("zh-hans", "en"), ("en", "zh-hans"))


def column(field, language):
    return f"{field}_{language.replace('-', '_')}"


def missing(recommendation):
    """(field, from language, to language, source text) for each field empty in one language."""
    gaps = []
    for field in FIELDS:
        for target, source in DIRECTIONS:
            text = (getattr(recommendation, column(field, source)) or "").strip()
            if text and not (getattr(recommendation, column(field, target)) or "").strip():
                gaps.append((field, source, target, text))
    return gaps


def draft(recommendation):
    """Fill the empty side of each field with a machine translation, marked as a machine draft
    until a person saves the translation screen. Returns how many fields were filled; raises
    machine.MachineTranslationError when the server fails (nothing is saved then)."""
    gaps = missing(recommendation)
    # Ask the server before taking the row's lock: a slow server must not hold it.
    drafts = [(field, target, machine.translate(text, source, target)) for field, source, target, text in gaps]
    filled = 0
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        for field, target, text in drafts:
            name = column(field, target)
            # A person may have written it meanwhile: never overwrite a person's text.
            if text and not (getattr(locked, name) or "").strip():
                setattr(locked, name, text[:500] if field == "title" else text)
                filled += 1
        if filled:
            locked.translation = Translation.MACHINE
            locked.save()
    return filled


def run_job(job_id):
    """Draft every recommendation that lacks a language (machine drafts already there are left
    for a person to check); progress and failure are written on the job row."""
    job = TranslationJob.objects.get(pk=job_id)
    pending = list(
        Recommendation.objects.needs_translation()
        .exclude(translation=Translation.MACHINE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    TranslationJob.objects.filter(pk=job.pk).update(
        status=TranslationJob.Status.RUNNING, total=len(pending), drafted=0, updated_at=timezone.now()
    )
    try:
        for done, pk in enumerate(pending, start=1):
            draft(Recommendation.objects.get(pk=pk))
            TranslationJob.objects.filter(pk=job.pk).update(drafted=done, updated_at=timezone.now())
    except machine.MachineTranslationError as exc:
        TranslationJob.objects.filter(pk=job.pk).fail(f"{_('The translation server did not answer')}: {exc}")
        return
    TranslationJob.objects.filter(pk=job.pk).update(status=TranslationJob.Status.DONE, updated_at=timezone.now())
