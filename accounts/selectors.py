"""Reads about user accounts."""

from django.contrib.contenttypes.models import ContentType

from core.audit.models import AuditEntry

from .models import User
from .services import DATA_RIGHTS_ACTIONS


def data_rights_history():
    """Exports and erasures of personal data, newest first, from the one audit log."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), action__in=DATA_RIGHTS_ACTIONS
    ).select_related("actor")
