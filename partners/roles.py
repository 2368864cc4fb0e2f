"""Role predicates about partner organisations (the `rules` package)."""

import rules


def contact_partner_id(user) -> int | None:
    """The id of the partner the user acts for, or None. Cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, "_contact_partner_id"):
        from .models import Contact

        user._contact_partner_id = (
            Contact.objects.filter(user=user).values_list("partner_id", flat=True).first()
        )
    return user._contact_partner_id


@rules.predicate
def is_partner_contact(user) -> bool:
    """The user acts for some partner organisation."""
    return contact_partner_id(user) is not None


@rules.predicate
def is_contact_of(user, partner) -> bool:
    """The user acts for this partner organisation."""
    return partner is not None and contact_partner_id(user) == partner.pk
