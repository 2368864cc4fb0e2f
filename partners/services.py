"""Writes on partner organisations and their contacts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Contact, Partner


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "partner"
    slug, n = base, 2
    while Partner.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def contact_add(*, partner: Partner, user: User) -> Contact:
    """Makes the user a contact of the partner. A user acts for at most one partner."""
    if Contact.objects.filter(user=user).exists():
        raise ValidationError(_("This person already acts for a partner organisation."))
    contact = Contact(partner=partner, user=user)
    contact.full_clean()
    contact.save()
    user.__dict__.pop("_contact_partner_id", None)
    return contact
