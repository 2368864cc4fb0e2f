from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def history_of(obj: models.Model, *, related: dict | None = None, limit: int = 50):
    """The object's audit entries, newest first, in one query. `related` adds entries of
    objects that belong to it, e.g. `{ProjectResult: [ids]}` for a project's results."""
    condition = models.Q(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    )
    for model, ids in (related or {}).items():
        condition |= models.Q(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id__in=[str(pk) for pk in ids],
        )
    return list(
        AuditEntry.objects.filter(condition).select_related("actor", "content_type")[:limit]
    )
