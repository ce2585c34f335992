from django import template

from accounts import roles
from suggestions.models import Suggestion

register = template.Library()


@register.inclusion_tag("suggestions/card.html", takes_context=True)
def suggested_for(context, recommendation):
    """The secretariat's card of proposed related recommendations, with confirm and dismiss."""
    user = context["request"].user
    if roles.role_of(user) != roles.SECRETARIAT:
        return {"suggestions": None}
    suggestions = (
        Suggestion.objects.proposed()
        .filter(recommendation=recommendation)
        .select_related("other__paper__company", "other__paper__meeting")[:5]
    )
    return {"suggestions": list(suggestions), "recommendation": recommendation}
