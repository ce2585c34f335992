"""Audit history (django-simple-history) that records real changes only."""

from contextlib import contextmanager


def unchanged(instance, hidden=()):
    """True when no concrete field outside `hidden` differs from the instance's database row
    (a new instance is never unchanged). `hidden` must name the untranslated shadow of each
    bilingual field: its descriptor reads the active language's column, not the stored one."""
    if instance._state.adding or instance.pk is None:
        return False
    names = [field.attname for field in instance._meta.concrete_fields if field.name not in hidden]
    row = type(instance).objects.filter(pk=instance.pk).values(*names).first()
    return row is not None and all(row[name] == getattr(instance, name) for name in names)


@contextmanager
def only_real_changes(instance, hidden=()):
    """Around a save: when it changes nothing, simple-history writes no "saved without
    changes" row (the save itself still happens)."""
    skip = not hasattr(instance, "skip_history_when_saving") and unchanged(instance, hidden)
    if skip:
        instance.skip_history_when_saving = True
    try:
        yield
    finally:
        if skip:
            del instance.skip_history_when_saving
