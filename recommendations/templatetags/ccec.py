from django import template
from django.utils import translation
from django.utils.html import format_html

from accounts import once
from ccec import bilingual
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


@register.simple_tag
def form_token():
    """The hidden one-time token of a form that changes something (once.py)."""
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.new_token())


@register.simple_tag
def language_mark(obj, field="title"):
    """A badge saying that `obj.field` is shown in the other language, or nothing."""
    label = bilingual.only_in_other_language(obj, field, translation.get_language() or "en")
    return format_html('<span class="badge lang-missing">{}</span>', label) if label else ""
