"""A recommendation's change history as people read it: what changed, old -> new, in the
reader's language.

simple-history records each save (translation.py). Saves that change nothing are not recorded
(ccec/history.py's skip_unchanged, called by the models' save()); the computed fields (status, progress, due
dates, search text: they follow the updates and the response, which have their own timeline)
and the bookkeeping fields are never shown. A department or a person (a user, or an officer
as owner) is named, also one that has since been made inactive; an empty value reads as a dash.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import Department, Officer
from recommendations.models import Recommendation, Response
from recommendations.models.recommendation import COMPUTED_FIELDS

# Fields nobody needs in the history: computed, bookkeeping, or the untranslated shadow of a
# bilingual field (its `_en` / `_zh_hans` columns carry the text).
HIDDEN = {
    "recommendation": {*COMPUTED_FIELDS, "assigned_at", "created_at", "title", "text"},
    "response": {"version", "created_at", "updated_at", "text", "planned_measures"},
}
# Many-to-many fields are left out of the comparison: it would cost a query per entry.
M2M_FIELDS = {"recommendation": ["supporting_departments"]}
SOURCES = [("recommendation", Recommendation), ("response", Response)]


def history_of(recommendation):
    """The recommendation's and its response's changes, newest first: who, when, and each
    change as {"field", "old", "new"}; entries with nothing to show are left out."""
    sources = [("recommendation", recommendation)]
    response = getattr(recommendation, "response", None)
    if response is not None:
        sources.append(("response", response))
    raw = []
    for kind, obj in sources:
        records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
        for previous, record in zip([None, *records], records, strict=False):
            changes = []
            if previous is not None:
                delta = record.diff_against(previous, excluded_fields=M2M_FIELDS.get(kind, ()))
                changes = [change for change in delta.changes if change.field not in HIDDEN[kind]]
                if not changes and not record.history_change_reason:
                    continue
            raw.append((kind, record, changes, previous is None))
    names = related_names(raw)
    entries = [
        {
            "record": record,
            "kind": kind,
            "created": created,
            "changes": [readable(dict(SOURCES)[kind], change, names) for change in changes],
        }
        for kind, record, changes, created in raw
    ]
    entries.sort(key=lambda entry: entry["record"].history_date, reverse=True)
    return entries


def related_names(raw):
    """The departments and people the changes point to, two queries for the whole history."""
    wanted = {Department: set(), get_user_model(): set(), Officer: set()}
    for kind, _record, changes, _created in raw:
        model = dict(SOURCES)[kind]
        for change in changes:
            field = model._meta.get_field(change.field)
            if isinstance(field, models.ForeignKey) and field.related_model in wanted:
                wanted[field.related_model] |= {value for value in (change.old, change.new) if value}
    related = {Officer: Officer.objects.select_related("user")}
    return {model: related.get(model, model.objects).in_bulk(ids) if ids else {} for model, ids in wanted.items()}


def readable(model, change, names):
    field = model._meta.get_field(change.field)
    return {
        "field": str(field.verbose_name),
        "old": shown(field, change.old, names),
        "new": shown(field, change.new, names),
    }


def shown(field, value, names):
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ForeignKey):
        target = names.get(field.related_model, {}).get(value)
        if target is None:
            return _("removed (no. %(pk)s)") % {"pk": value}
        if field.related_model is Department:
            return str(target)
        if field.related_model is Officer:
            return target.name
        return target.get_full_name() or target.username
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        return date_format(value, "Y-m-d H:i")
    if isinstance(field, models.DateField):
        return value.isoformat()
    return Truncator(str(value)).chars(120)
