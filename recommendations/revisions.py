"""Revising a published response (issue 17): the same draft -> sign-off -> publish path as
the first answer (workflow.py), on a ResponseRevision, under the recommendation's row lock.

Until a revision is published the company reads the published answer unchanged: the
Response row stays the published truth that every company-facing query reads. Publishing a
revision keeps the answer it replaces as a ResponseVersion (readable by the company below the
current one), copies the revision into the Response, stamps `revised_at` (the first
`published_at` stays: "answered by the deadline" does not move) and tells the company's
liaisons (signals.revised).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations import signals
from recommendations.models import ResponseRevision, ResponseState, ResponseVersion
from recommendations.workflow import Conflict, current_response, lock, save_draft, set_target_from

COPIED = ["stance", "text_en", "text_zh_hans", "planned_measures_en", "planned_measures_zh_hans", "target_date"]


def open_revision(response):
    """The revision in the works (draft or waiting for sign-off), or None."""
    if response is None:
        return None
    return response.revisions.exclude(state=ResponseState.PUBLISHED).first()


@transaction.atomic
def save_revision(recommendation, user, form, submit):
    """Save the revision's draft from a valid RevisionForm (or submit it for sign-off)."""
    lock(recommendation)
    response = current_response(recommendation)
    if response is None or response.state != ResponseState.PUBLISHED:
        raise Conflict(_("Only a published response can be revised."))
    current = open_revision(response)
    if current is not None and current.state != ResponseState.DRAFT:
        raise Conflict(_("This revision is with the department head: it cannot change."))
    revision = form.save(commit=False)
    revision.response = response
    # (Two first drafts at once: the other one was created first, one open revision.)
    save_draft(revision, current, form, user, submit, refetch=lambda: open_revision(response))
    if submit:
        signals.submitted.send(sender=ResponseRevision, response=revision, by=user)
    return revision


@transaction.atomic
def sign_off_revision(recommendation, user, publish, comment):
    """Publish the revision waiting for sign-off, or send it back to the officer."""
    lock(recommendation)
    response = current_response(recommendation)
    revision = open_revision(response)
    if revision is None or revision.state != ResponseState.AWAITING_SIGNOFF:
        raise Conflict(_("This revision is no longer waiting for sign-off: someone has decided on it already."))
    revision.review_comment = comment
    revision.version += 1
    if not publish:
        revision.state = ResponseState.DRAFT
        revision.save()
        signals.signed_off.send(sender=ResponseRevision, response=revision, published=False, by=user)
        return revision
    now = timezone.now()
    ResponseVersion.objects.create(
        response=response,
        published_at=response.revised_at or response.published_at,
        replaced_at=now,
        **{field: getattr(response, field) for field in COPIED},
    )
    for field in COPIED:
        setattr(response, field, getattr(revision, field))
    response.revised_at = now
    response.signed_off_by = user
    response.review_comment = comment
    response.version += 1
    response._change_reason = _("Revised answer published: %(reason)s") % {"reason": revision.reason}
    response.save()
    set_target_from(response, user)
    revision.state = ResponseState.PUBLISHED
    revision.signed_off_by = user
    revision.published_at = now
    revision.save()
    signals.signed_off.send(sender=ResponseRevision, response=revision, published=True, by=user)
    signals.revised.send(sender=ResponseRevision, revision=revision, by=user)
    return revision
