"""Role predicates about partner organisations (the `rules` package).

The partner's state is part of every question about what its contacts may do (DESIGN.md,
roles): contacts of a registered or signed partner manage the registration, profile, contacts
and signature; contacts of an active partner also record projects and results and take part;
contacts of a withdrawn partner read their own history and start nothing new.
"""

import rules


def _load_contact(user) -> None:
    """Kept per content generation: every write to a contact or a partner starts a new one,
    so a changed state or a removed contact counts from the next statement on."""
    from core.content_cache import remember

    from .models import Contact

    def read() -> tuple[int | None, str | None]:
        row = Contact.objects.filter(user=user).values_list("partner_id", "partner__status")
        return row.first() or (None, None)

    user._contact_partner_id, user._contact_partner_status = remember(f"contact-of:{user.pk}", read)


def contact_partner_id(user) -> int | None:
    """The id of the partner the user acts for, or None. Cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, "_contact_partner_id"):
        _load_contact(user)
    return user._contact_partner_id


def contact_partner_status(user) -> str | None:
    """The state of the partner the user acts for (a `Partner.Status` value), or None.
    Cached on the user object with the id (one query per request)."""
    if contact_partner_id(user) is None:
        return None
    if not hasattr(user, "_contact_partner_status"):
        _load_contact(user)
    return user._contact_partner_status


def _status(partner) -> str | None:
    return None if partner is None else partner.status


def _statuses():
    from .models import Partner

    return Partner.Status


@rules.predicate
def is_partner_contact(user) -> bool:
    """The user acts for some partner organisation (in any state)."""
    return contact_partner_id(user) is not None


@rules.predicate
def is_active_partner_contact(user) -> bool:
    """The user acts for an active partner (its signature is confirmed, it has not left)."""
    return contact_partner_status(user) == _statuses().ACTIVE


@rules.predicate
def is_contact_of(user, partner) -> bool:
    """The user acts for this partner organisation."""
    return partner is not None and contact_partner_id(user) == partner.pk


@rules.predicate
def is_active_partner(user, partner) -> bool:
    """The partner (the rule's object) is an active member of the alliance."""
    return _status(partner) == _statuses().ACTIVE


@rules.predicate
def is_withdrawn_partner(user, partner) -> bool:
    """The partner (the rule's object) has left the alliance."""
    return _status(partner) == _statuses().WITHDRAWN
