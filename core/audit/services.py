"""`log_action`: the one audit call (as pretix's `log_action`). Call it inside the service's
transaction, after validation, so the entry commits or rolls back with the change."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import formats
from django.utils.translation import gettext

from .models import AuditEntry

UNCHANGED = object()


def display_value(instance: models.Model, field: models.Field, value) -> str:
    """A value as a person reads it: choice labels, German numbers and dates, related names."""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Decimal | float | int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime | date):
        return formats.localize(value, use_l10n=True)
    if hasattr(value, "name") and isinstance(field, models.FileField):
        return value.name or ""
    return str(value)


def field_values(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of an instance, to compare before and after a change."""
    names = fields or [
        f.name
        for f in instance._meta.concrete_fields
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        # The database derives search vectors from fields that are audited themselves.
        and not isinstance(f, SearchVectorField)
    ]
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        values[name] = getattr(instance, field.attname)
    return values


def diff(instance: models.Model, before: dict, after: dict | None = None) -> dict:
    """Changed fields between two `field_values()` snapshots, labelled and formatted."""
    after = after if after is not None else field_values(instance, before.keys())
    changes = {}
    for name, old in before.items():
        new = after.get(name, UNCHANGED)
        if new is UNCHANGED or new == old:
            continue
        field = instance._meta.get_field(name)
        changes[name] = {
            "label": str(field.verbose_name),
            "old": display_value(instance, field, old),
            "new": display_value(instance, field, new),
        }
    return changes


def log_action(
    *,
    obj: models.Model,
    action: str,
    actor=None,
    changes: dict | None = None,
    note: str = "",
    object_repr: str | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`. `changes` comes from `diff()` or is a dict
    `{name: {"label", "old", "new"}}` built by the service (e.g. for a related set)."""
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor_id = None
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        # A caller may name the object without personal data (an account by its number).
        object_repr=(str(obj) if object_repr is None else object_repr)[:300],
        action=action,
        actor_id=actor_id,
        changes=changes or {},
        note=note,
    )
