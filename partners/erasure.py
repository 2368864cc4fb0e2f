"""What a person's erasure means for the partner organisations (steps in core.registry).

Runs inside accounts' `user_erase` transaction, before `contact_erase_for_user` removes the
contact (order 10), while the person's addresses still exist. Audit entries name the
organisation, never the erased person.
"""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit.services import log_action
from core.mail import send_portal_mail

from .models import Contact, Invitation, Partner
from .services import staff_emails


def last_contact_partner(user: User) -> Partner | None:
    """The organisation the user is the only contact of, or None."""
    contact = Contact.objects.select_related("partner").filter(user=user).first()
    if contact is None or contact.partner.contacts.exclude(pk=contact.pk).exists():
        return None
    return contact.partner


def last_contact_warning(user: User) -> str:
    """Shown before the erasure is confirmed (by the person or by staff)."""
    partner = last_contact_partner(user)
    if partner is None:
        return ""
    return _(
        "This account is the last contact of %(name)s. After the deletion the organisation "
        "has no contact in the portal any more: nobody can act for it, answer invitations or "
        "update its projects until it has a new contact. The Stabsstelle Klimaschutz will be "
        "told by e-mail."
    ) % {"name": partner.name}


def last_contact_notify(user: User) -> str:
    """Staff learn that an organisation lost its last contact, so they can find a new one."""
    contact = Contact.objects.filter(user=user).first()
    if contact is None:
        return ""
    # Locked, so two contacts erasing at the same moment both see who else is left.
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=contact.partner_id)
    if partner.contacts.exclude(pk=contact.pk).exists():
        return ""
    send_portal_mail(
        to=staff_emails(),
        subject=_("%(name)s has no contact any more") % {"name": partner.name},
        template="partners/mail/last_contact_erased.txt",
        context={"partner": partner},
        kind="partner.last_contact_erased",
    )
    log_action(
        obj=partner,
        action="changed",
        changes={"contacts": {"label": _("contacts"), "old": "1", "new": "0"}},
        note=_("The account of the organisation's last contact was deleted."),
    )
    return f"last contact of partner {partner.pk}"


def _addresses(user: User) -> set[str]:
    found = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    found.add(user.email)
    return {address.strip().lower() for address in found if address and address.strip()}


def invitations_withdraw_for_user(user: User) -> str:
    """Invitations to the person's addresses are withdrawn (deleted: they hold nothing but
    the address and a token); accepted ones keep their date but no longer the address."""
    addresses = _addresses(user)
    if not addresses:
        return ""
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    invitations = Invitation.objects.filter(match)
    pending = list(invitations.filter(accepted_at__isnull=True).select_related("partner"))
    for partner in {invitation.partner for invitation in pending}:
        still_open = [i for i in partner.invitations.filter(accepted_at__isnull=True) if i.is_open]
        withdrawn = [i for i in still_open if i.email.lower() in addresses]
        if withdrawn:
            log_action(
                obj=partner,
                action="changed",
                changes={
                    "invitations": {
                        "label": _("open invitations"),
                        "old": str(len(still_open)),
                        "new": str(len(still_open) - len(withdrawn)),
                    }
                },
                note=_("Invitations to the address of a deleted account were withdrawn."),
            )
    Invitation.objects.filter(pk__in=[invitation.pk for invitation in pending]).delete()
    # The same placeholder the account gets (accounts.services.user_erase).
    invitations.filter(accepted_at__isnull=False).update(email=f"geloescht-{user.pk}@konto.invalid")
    return f"{len(pending)} invitation(s) withdrawn" if pending else ""


def register() -> None:
    from accounts.data_rights import erasure_warnings
    from core.registry import erasure_steps

    # Before partners.contacts (order 10) removes the contact.
    erasure_steps.register("partners.last_contact", last_contact_notify, order=5)
    erasure_steps.register("partners.invitations", invitations_withdraw_for_user, order=6)
    erasure_warnings.register("partners.last_contact", last_contact_warning)
