"""The state transitions of a recommendation, each safe under two clicks at once.

Every transition takes the recommendation's row lock first (`SELECT ... FOR UPDATE`), then
re-reads the state it depends on and refuses, with a Conflict saying what happened, when that
state moved since the person looked at the page: a publish and a send-back posted together
give one decision and one refusal, never two successes. The lock is the same one
Recommendation.sync_progress() takes, so the computed fields follow every transition in order.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from recommendations import signals
from recommendations.models import (
    DeadlineExtension,
    ExtensionStatus,
    Feedback,
    Recommendation,
    Response,
    ResponseState,
    ReturnedAssignment,
)


class Conflict(Exception):
    """The transition no longer applies; str() says why, for the person who asked."""


class StaleDraft(Conflict):
    """Someone saved the draft since this form was opened; `current` is their version."""

    def __init__(self, current):
        super().__init__(_("Someone else saved this draft while you were editing it."))
        self.current = current


def lock(recommendation):
    """Take the recommendation's row lock for the rest of the transaction."""
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def current_response(recommendation):
    return Response.objects.filter(recommendation=recommendation).first()


def save_draft(draft, current, form, user, submit, refetch):
    """Write `draft` (a draft form's unsaved object: a response or a revision) over `current`
    (None: the first draft), or submit it for sign-off. The form's `version` must be the
    current one: an older one means another person saved in between, and their text is not
    overwritten (StaleDraft carries it); so is a first draft that another one beat (`refetch()`
    reads the winner). The caller holds the recommendation's row lock."""
    if current is not None and form.cleaned_data.get("version") != current.version:
        raise StaleDraft(current)
    if current is None:
        draft.pk = None
    else:
        draft.pk, draft._state.adding = current.pk, False
    draft.drafted_by = user
    draft.version = (current.version if current else 0) + 1
    if submit:
        draft.state = ResponseState.AWAITING_SIGNOFF
        draft.submitted_at = timezone.now()
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        raise StaleDraft(refetch()) from None
    return draft


@transaction.atomic
def save_response(recommendation, user, form, submit, on_behalf_of=None):
    """Save the draft from a valid ResponseForm (or submit it for sign-off); a stand-in's save
    is recorded in the history as "on behalf of" the owner (`on_behalf_of`, an Officer).

    The form's `version` must be the draft's: an older one means another person saved in
    between, and their text is not overwritten (StaleDraft carries it).
    """
    lock(recommendation)
    current = current_response(recommendation)
    if current is not None and current.state != ResponseState.DRAFT:
        raise Conflict(_("This response is with the department head or already published: it cannot change."))
    response = form.save(commit=False)
    response.recommendation = recommendation
    response.department = recommendation.lead_department
    if on_behalf_of is not None:
        response._change_reason = _("On behalf of %(name)s") % {"name": on_behalf_of.name}
    # (Two first drafts at once: the other one was created first, one response per recommendation.)
    save_draft(response, current, form, user, submit, refetch=lambda: current_response(recommendation))
    if submit:
        signals.submitted.send(sender=Response, response=response, by=user)
    return response


@transaction.atomic
def sign_off(recommendation, user, publish, comment):
    """Publish the response waiting for sign-off, or send it back to the officer."""
    lock(recommendation)
    response = current_response(recommendation)
    if response is None or response.state != ResponseState.AWAITING_SIGNOFF:
        raise Conflict(_("This response is no longer waiting for sign-off: someone has decided on it already."))
    response.review_comment = comment
    if publish:
        response.state = ResponseState.PUBLISHED
        response.signed_off_by = user
        response.published_at = timezone.now()
        set_target_from(response, user)
    else:
        response.state = ResponseState.DRAFT
    response.version += 1
    response.save()
    signals.signed_off.send(sender=Response, response=response, published=publish, by=user)
    return response


def set_target_from(response, user):
    """The published response's planned date becomes the recommendation's one target date
    (recorded in its history, old -> new); without one the target date stays as it is."""
    recommendation = Recommendation.objects.get(pk=response.recommendation_id)
    if response.target_date is None or recommendation.target_date == response.target_date:
        return
    recommendation.target_date = response.target_date
    recommendation._change_reason = _("Planned completion date of the published response")
    recommendation.save()


@transaction.atomic
def return_assignment(recommendation, user, reason):
    """The lead department gives the recommendation back to the secretariat (退办)."""
    locked = lock(recommendation)
    if locked.lead_department_id is None or locked.lead_department_id != recommendation.lead_department_id:
        raise Conflict(_("This recommendation is no longer assigned to this department."))
    if Response.objects.filter(recommendation=locked, state=ResponseState.PUBLISHED).exists():
        raise Conflict(_("Only an assigned recommendation without a published response can be returned."))
    returned = ReturnedAssignment.objects.create(
        recommendation=locked, department_id=locked.lead_department_id, returned_by=user, reason=reason
    )
    locked.lead_department = None
    locked._change_reason = reason
    locked.save()
    signals.returned.send(sender=ReturnedAssignment, returned=returned, by=user)
    return locked


@transaction.atomic
def request_extension(recommendation, user, requested_date, reason):
    """Ask the head (or the secretariat) to move the target date; one open request at a time."""
    locked = lock(recommendation)
    if locked.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Conflict(_("A request to move the target date is already waiting for a decision."))
    try:
        with transaction.atomic():
            return DeadlineExtension.objects.create(
                recommendation=locked,
                requested_by=user,
                previous_date=locked.target_date,
                requested_date=requested_date,
                reason=reason,
            )
    except IntegrityError:
        raise Conflict(_("A request to move the target date is already waiting for a decision.")) from None


@transaction.atomic
def decide_extension(recommendation, user, approve, comment):
    lock(recommendation)
    extension = recommendation.extensions.filter(status=ExtensionStatus.PENDING).first()
    if extension is None:
        raise Conflict(_("There is no request to decide: someone has decided on it already."))
    extension.decide(user, approve, comment)
    signals.extension_decided.send(sender=DeadlineExtension, extension=extension, by=user)
    return extension


@transaction.atomic
def answer_clarification(feedback, user, texts):
    """Answer a company's clarification request in words (`texts`: {"clarification_en": ...,
    "clarification_zh_hans": ...}) and close it; Conflict when someone answered it already."""
    answered = Feedback.objects.filter(pk=feedback.pk, clarification_resolved_at__isnull=True).update(
        clarification_resolved_at=timezone.now(), clarified_by=user, **texts
    )
    if answered != 1:
        raise Conflict(_("Someone has answered this clarification request already."))
    feedback.refresh_from_db()
    signals.clarification_answered.send(sender=Feedback, feedback=feedback, by=user)
    return feedback


class AssignmentRefused(Exception):
    """The assignment cannot be made as asked; nothing was changed. str() says why."""


@transaction.atomic
def assign(recommendations, user, lead, supporting=None, note=""):
    """Make `lead` the lead department of every one of `recommendations` and `supporting` its
    supporting departments (None: keep each one's, less the new lead), all or none: each row is
    locked, the change recorded in its history with the note, and the departments that newly
    have an item hear of it (signals.assigned)."""
    if not lead.is_active or any(not department.is_active for department in supporting or ()):
        raise AssignmentRefused(_("An inactive department cannot be given recommendations."))
    if supporting is not None and lead in supporting:
        raise AssignmentRefused(_("The lead department cannot also be a supporting department."))
    changed, newly = [], set()
    for recommendation in sorted(recommendations, key=lambda item: item.pk):
        locked = lock(recommendation)
        before_supporting = set(locked.supporting_departments.values_list("pk", flat=True))
        after_supporting = (
            before_supporting - {lead.pk} if supporting is None else {department.pk for department in supporting}
        )
        if locked.lead_department_id == lead.pk and before_supporting == after_supporting:
            continue
        if locked.lead_department_id != lead.pk:
            newly.add(lead.pk)
        newly |= after_supporting - before_supporting
        locked.lead_department = lead  # (save() clears an owner of the former lead department)
        locked._change_reason = note or _("Assigned by the secretariat")
        locked.save()
        if after_supporting != before_supporting:
            locked.supporting_departments.set(after_supporting)
        changed.append(locked)
    if changed:
        signals.assigned.send(
            sender=Recommendation, recommendations=changed, department_ids=sorted(newly), note=note, by=user
        )
    return changed


@transaction.atomic
def set_owner(recommendation, user, officer, take=False):
    """Make `officer` (None: nobody) the recommendation's owner. `take`: an officer takes it
    for themselves, refused when someone took it meanwhile. The owner must be an officer of
    the lead department; a new owner other than the person acting hears of it."""
    locked = lock(recommendation)
    if officer is not None and (
        locked.lead_department_id is None or officer.department_id != locked.lead_department_id
    ):
        raise Conflict(
            _("%(officer)s is not an officer of the lead department, %(department)s.")
            % {"officer": officer.name, "department": locked.lead_department}
        )
    if take and locked.owner_id is not None and locked.owner_id != officer.pk and locked.owner.user.is_active:
        raise Conflict(_("%(name)s took this recommendation a moment ago.") % {"name": locked.owner.name})
    if locked.owner_id == (officer.pk if officer else None):
        return locked
    locked.owner = officer
    # Stored in English and shown in the reader's language (the history template translates it).
    locked._change_reason = gettext_noop("Taken by the officer") if take else gettext_noop("Owner named")
    locked.save()
    if officer is not None:
        signals.owner_named.send(sender=Recommendation, recommendation=locked, owner=officer, by=user)
    return locked


@transaction.atomic
def move_target_date(recommendation, user, new_date, reason):
    """The secretariat moves the target date itself: recorded as a request it approved at once
    (so the page's list of extensions and the history show who, when and why)."""
    extension = request_extension(recommendation, user, new_date, reason)
    extension.decide(user, True, reason)
    return extension


def link_related(recommendation, other):
    """Link two recommendations as the same ask (both ways); a recommendation is not its own."""
    if other.pk == recommendation.pk:
        raise Conflict(_("A recommendation cannot be related to itself."))
    recommendation.related.add(other)


@transaction.atomic
def reopen_response(recommendation, user, reason):
    """The secretariat reopens a published response (a company disputes a closing answer, the
    facts changed): it goes back to the department as a draft with the reason as its comment,
    as a head's send-back does, and needs sign-off again. Until then the company sees no
    answer; the published text stays in the response's history."""
    lock(recommendation)
    response = current_response(recommendation)
    if response is None or response.state != ResponseState.PUBLISHED:
        raise Conflict(_("Only a published response can be reopened."))
    response.state = ResponseState.DRAFT
    response.review_comment = reason
    response.signed_off_by = None
    response.published_at = None
    response.version += 1
    response._change_reason = reason
    response.save()
    signals.reopened.send(sender=Response, response=response, by=user)
    return response
