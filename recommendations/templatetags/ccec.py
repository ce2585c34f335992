from django import template

from recommendations import permissions

register = template.Library()


@register.filter
def response_for(recommendation, user):
    """The response as `user` may read it (drafts only for the government side), or None."""
    return permissions.response_shown_to(user, recommendation)


@register.filter
def overdue_kind(recommendation, today):
    """ "response", "update" or "" for the overdue badge of a list row."""
    if recommendation.is_response_overdue(today):
        return "response"
    if recommendation.is_update_overdue(today):
        return "update"
    return ""
