"""The user's rights under the GDPR: a copy of all data about them, and erasure.

The export walks every model that refers to the user, so data added by future apps is
included without changes here.
"""

import datetime
import decimal
import uuid

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile

from core.registry import Registry

from .models import User

# Callables `(user) -> str` asked before an erasure is confirmed (by the person or by staff);
# a non-empty text is shown to whoever confirms it. Apps above accounts register here in
# their `ready()`, as they register their steps in `core.registry.erasure_steps`.
erasure_warnings = Registry("erasure_warnings")

# Never part of an export, even of one's own data.
SECRET_FIELDS = {"password", "token", "key", "session_key", "session_data"}


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def _row(obj) -> dict:
    # A model may hide more per row, e.g. the text of a mail that carries a reset link.
    hidden = SECRET_FIELDS | set(getattr(obj, "export_hidden_fields", ()))
    return {
        field.attname: _plain(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in hidden
    }


def user_references():
    """(model, field) pairs of every foreign key or one-to-one field pointing at User."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                yield model, field


def personal_data(user: User) -> dict:
    """Everything the portal stores about or by this user, grouped by model."""
    data = {"user": _row(user), "groups": list(user.groups.values_list("name", flat=True))}
    related: dict[str, list[dict]] = {}
    for model, field in user_references():
        rows = [_row(obj) for obj in model._default_manager.filter(**{field.name: user})]
        if rows:
            related.setdefault(model._meta.label, []).extend(rows)
    data["related"] = related
    return data


def erasure_warnings_for(user: User) -> list[str]:
    """What the apps want said before this person's account is erased (`erasure_warnings`)."""
    return [text for warning in erasure_warnings if (text := warning(user))]
