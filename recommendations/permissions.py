"""What a user may do with one object. Lists use the matching QuerySet methods
(`visible_to`, `editable_by`, `awaiting_signoff_by`); both follow DESIGN.md's table.
"""

from accounts import roles
from accounts.models import StandIn
from recommendations.models import ResponseState


def can_work_on(user, recommendation):
    """Log progress, draft the response, return the assignment: the lead department's people."""
    role = roles.role_of(user)
    if role == roles.SECRETARIAT:
        return True
    if role in (roles.OFFICER, roles.HEAD):
        return recommendation.lead_department_id == user.officer.department_id
    return False


def can_sign_off(user, recommendation):
    """Publish or send back the response: the secretariat, or the lead department's head."""
    role = roles.role_of(user)
    if role == roles.SECRETARIAT:
        return True
    return role == roles.HEAD and recommendation.lead_department_id == user.officer.department_id


def can_name_owner(user, recommendation):
    """Name or change the owner: the secretariat, or the lead department's head."""
    return recommendation.lead_department_id is not None and can_sign_off(user, recommendation)


def can_take(user, recommendation):
    """Take a recommendation nobody owns: an officer or head of its lead department."""
    return (
        roles.role_of(user) in (roles.OFFICER, roles.HEAD)
        and recommendation.lead_department_id == user.officer.department_id
        and (recommendation.owner_id is None or not recommendation.owner.user.is_active)
    )


def acting_for(user, recommendation, today):
    """The owner `user` stands in for on this recommendation today (their actions are recorded
    "on behalf of" that owner), or None."""
    owner = recommendation.owner
    officer = getattr(user, "officer", None) if roles.role_of(user) in (roles.OFFICER, roles.HEAD) else None
    if owner is None or officer is None or owner.pk == officer.pk:
        return None
    return owner if StandIn.objects.routes(today).get(owner.pk) == officer.pk else None


def can_give_feedback(user, recommendation):
    """Rate a published response and ask for clarification: the company's own liaisons."""
    return (
        roles.role_of(user) == roles.LIAISON
        and recommendation.paper.company_id == user.liaison.company_id
        and recommendation.published_response() is not None
    )


def sees_internal(user):
    """Internal notes, internal updates, drafts and the change history."""
    return roles.role_of(user) in roles.INTERNAL_ROLES


def response_shown_to(user, recommendation):
    """The response as this user may read it: drafts only for the government side."""
    response = getattr(recommendation, "response", None)
    if response is None:
        return None
    if sees_internal(user) or response.state == ResponseState.PUBLISHED:
        return response
    return None
