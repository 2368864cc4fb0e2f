from .models import Partner
from .roles import contact_partner_id


def partner_of(user) -> Partner | None:
    """The partner organisation the user acts for, or None."""
    partner_id = contact_partner_id(user)
    if partner_id is None:
        return None
    if getattr(user, "_contact_partner", None) is None:
        user._contact_partner = Partner.objects.get(pk=partner_id)
    return user._contact_partner


def partner_status_counts() -> list[tuple[str, int]]:
    """Number of partners per status, in the order of the life cycle."""
    from django.db.models import Count

    counts = dict(
        Partner.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [(label, counts.get(value, 0)) for value, label in Partner.Status.choices]
