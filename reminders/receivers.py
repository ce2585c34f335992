"""Who hears of each hand-over on a recommendation (recommendations/signals.py); notices.py
batches what they hear into one e-mail per person and kind."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Officer, StandIn
from companies.models import Liaison
from recommendations import signals
from recommendations.choices import ExtensionStatus
from reminders import notices
from reminders.models import DigestKind


def officers_of(department_ids, heads_only=False):
    officers = Officer.objects.select_related("user").filter(department_id__in=department_ids)
    if heads_only:
        officers = officers.filter(is_head=True)
    return list(officers)


def responsible_for(recommendation):
    """Who hears of a recommendation's hand-overs meant for its department's officers today:
    its owner, or their stand-in while they are away; without an owner (or with one whose
    account is closed), every officer of the lead department who is not away."""
    routes = StandIn.objects.routes(timezone.localdate())
    owner = recommendation.owner
    if owner is not None and owner.user.is_active:
        return [Officer.objects.select_related("user").get(pk=routes.get(owner.pk, owner.pk))]
    return [officer for officer in officers_of([recommendation.lead_department_id]) if officer.pk not in routes]


def bilingual(instance, field):
    """A translated field's text in both languages, for the reader's pick (notices.comment_in)."""
    return {"en": getattr(instance, f"{field}_en") or "", "zh_hans": getattr(instance, f"{field}_zh_hans") or ""}


@receiver(signals.assigned)
def notify_assignment(sender, recommendations, department_ids, note, by=None, **kwargs):
    """Assigned or reassigned: the officers of each department that newly has an item hear of
    the items their department leads or supports (one e-mail for a bulk assignment)."""
    officers = officers_of(department_ids)
    triples = []
    for recommendation in recommendations:
        concerned = {
            recommendation.lead_department_id,
            *recommendation.supporting_departments.values_list("pk", flat=True),
        }
        triples += [
            (officer.user, recommendation, {"comment": note})
            for officer in officers
            if officer.department_id in concerned
        ]
    notices.write(DigestKind.ASSIGNMENT, triples, by=by)


@receiver(signals.submitted)
def notify_submitted(sender, response, by=None, **kwargs):
    """Submitted for sign-off: the heads of the answering department."""
    recommendation = response.recommendation
    heads = officers_of([recommendation.lead_department_id], heads_only=True)
    notices.write(DigestKind.SIGNOFF, [(head.user, recommendation, {}) for head in heads], by=by)


@receiver(signals.signed_off)
def notify_signed_off(sender, response, published, by=None, **kwargs):
    """Published, or sent back with the head's comment: the officer who drafted the response."""
    kind = DigestKind.PUBLISHED if published else DigestKind.SENT_BACK
    detail = {"comment": response.review_comment}
    notices.write(kind, [(response.drafted_by, response.recommendation, detail)], by=by)


@receiver(signals.reopened)
def notify_reopened(sender, response, by=None, **kwargs):
    """The secretariat reopened a published response: it is sent back to its drafting officer."""
    notices.write(
        DigestKind.SENT_BACK,
        [(response.drafted_by, response.recommendation, {"comment": response.review_comment})],
        by=by,
    )


@receiver(signals.returned)
def notify_returned(sender, returned, by=None, **kwargs):
    """Returned (退办): the secretariat, with the department's reason."""
    secretariat = get_user_model().objects.filter(groups__name=settings.SECRETARIAT_GROUP).distinct()
    detail = {"comment": returned.reason, "department": str(returned.department)}
    notices.write(DigestKind.RETURNED, [(user, returned.recommendation, detail) for user in secretariat], by=by)


@receiver(signals.clarification_requested)
def notify_clarification(sender, feedback, by=None, **kwargs):
    """A company asked for clarification: the recommendation's owner (or stand-in, or without
    an owner the lead department's officers), with its question."""
    recommendation = feedback.response.recommendation
    officers = responsible_for(recommendation)
    notices.write(
        DigestKind.CLARIFICATION,
        [(officer.user, recommendation, {"comment": feedback.comment}) for officer in officers],
        by=by,
    )


@receiver(signals.clarification_answered)
def notify_clarified(sender, feedback, by=None, **kwargs):
    """The department answered in words: the company's liaisons read the answer."""
    recommendation = feedback.response.recommendation
    liaisons = Liaison.objects.select_related("user").filter(company_id=recommendation.paper.company_id)
    detail = {"comment": bilingual(feedback, "clarification")}
    notices.write(DigestKind.CLARIFIED, [(liaison.user, recommendation, detail) for liaison in liaisons], by=by)


@receiver(signals.extension_decided)
def notify_extension(sender, extension, by=None, **kwargs):
    """A request to move the target date was decided: the officer who asked."""
    approved = extension.status == ExtensionStatus.APPROVED
    date = extension.requested_date if approved else extension.previous_date
    detail = {"approved": approved, "date": date.isoformat() if date else "", "comment": extension.decision_comment}
    notices.write(DigestKind.EXTENSION, [(extension.requested_by, extension.recommendation, detail)], by=by)


@receiver(signals.owner_named)
def notify_owner(sender, recommendation, owner, by=None, **kwargs):
    """Named the owner: the new owner hears of it (their stand-in, while they are away)."""
    comment = {}
    for language, key in (("en", "en"), ("zh-hans", "zh_hans")):
        with translation.override(language):
            comment[key] = _("You are now the owner of this recommendation.")
    notices.write(
        DigestKind.ASSIGNMENT,
        [(officer.user, recommendation, {"comment": comment}) for officer in responsible_for(recommendation)],
        by=by,
    )


@receiver(signals.revised)
def notify_revised(sender, revision, by=None, **kwargs):
    """A revised answer was published: the company's liaisons read what changed."""
    recommendation = revision.response.recommendation
    liaisons = Liaison.objects.select_related("user").filter(company_id=recommendation.paper.company_id)
    notices.write(DigestKind.REVISED, [(liaison.user, recommendation, {}) for liaison in liaisons], by=by)
