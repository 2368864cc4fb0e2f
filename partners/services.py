"""Writes on partner organisations, their contacts, declarations and signatures."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import STABSSTELLE_GROUP
from core.audit.services import diff, field_values, log_action
from core.mail import send_portal_mail

from .commitments import COMMITMENT_KEYS
from .models import Contact, Declaration, Invitation, Partner, Signature

PARTNER_FIELDS = [
    "name",
    "kind",
    "sector",
    "street",
    "postal_code",
    "city",
    "website",
    "size_band",
    "description",
    "logo",
    "public_listing",
]


# Paths below /partner/ that a partner's slug must not shadow.
RESERVED_SLUGS = {"registrieren", "einladung"}


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "partner"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Partner.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def staff_emails() -> list[str]:
    staff = User.objects.filter(groups__name=STABSSTELLE_GROUP, is_active=True)
    return [settings.STAFF_NOTIFICATION_EMAIL, *staff.values_list("email", flat=True)]


def contact_emails(partner: Partner) -> list[str]:
    return list(partner.contacts.values_list("user__email", flat=True))


def _save_partner(partner: Partner) -> Partner:
    duplicates = Partner.objects.filter(name__iexact=partner.name.strip())
    if duplicates.exclude(pk=partner.pk).exists():
        raise ValidationError({"name": _("An organisation with this name is already registered.")})
    partner.full_clean()
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError as exc:  # a concurrent registration took the name first
        raise ValidationError(
            {"name": _("An organisation with this name is already registered.")}
        ) from exc
    return partner


@transaction.atomic
def partner_register(*, user: User, **fields) -> Partner:
    """A user with a verified e-mail and no partner registers an organisation and becomes its
    first contact; staff are told by e-mail."""
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise ValidationError(_("Please confirm your e-mail address first."))
    if Contact.objects.filter(user=user).exists():
        raise ValidationError(_("This person already acts for a partner organisation."))
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    partner = Partner(**fields, status=Partner.Status.REGISTERED)
    partner.slug = unique_slug(partner.name)
    _save_partner(partner)
    contact_add(partner=partner, user=user)
    send_portal_mail(
        to=staff_emails(),
        subject=_("New registration: %(name)s") % {"name": partner.name},
        template="partners/mail/registered.txt",
        context={"partner": partner, "user": user},
        kind="partner.registered",
    )
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, actor: User, **fields) -> Partner:
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    before = field_values(Partner.objects.get(pk=partner.pk), fields.keys())
    for name, value in fields.items():
        setattr(partner, name, value)
    partner = _save_partner(partner)
    changes = diff(partner, before)
    if changes:
        log_action(obj=partner, action="changed", actor=actor, changes=changes)
    return partner


@transaction.atomic
def contact_add(*, partner: Partner, user: User) -> Contact:
    """Makes the user a contact of the partner. A user acts for at most one partner."""
    if Contact.objects.filter(user=user).exists():
        raise ValidationError(_("This person already acts for a partner organisation."))
    contact = Contact(partner=partner, user=user)
    contact.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError as exc:
        raise ValidationError(_("This person already acts for a partner organisation.")) from exc
    user.__dict__.pop("_contact_partner_id", None)
    user.__dict__.pop("_contact_partner", None)
    return contact


@transaction.atomic
def contact_remove(*, contact: Contact, actor: User) -> None:
    """Other contacts of the partner or staff remove a contact; the last one always stays."""
    partner = Partner.objects.select_for_update().get(pk=contact.partner_id)
    if partner.contacts.count() <= 1:
        raise ValidationError(
            _("The last contact of an organisation cannot be removed. Invite a colleague first.")
        )
    if contact.user_id == actor.pk:
        raise ValidationError(
            _("You cannot remove yourself. Ask another contact of your organisation.")
        )
    contact.delete()


@transaction.atomic
def contact_invite(*, partner: Partner, email: str, actor: User) -> Invitation:
    email = User.objects.normalize_email(email.strip())
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and Contact.objects.filter(user=existing).exists():
        raise ValidationError({"email": _("This person already acts for a partner organisation.")})
    invitation = Invitation(partner=partner, email=email, invited_by=actor)
    invitation.full_clean()
    invitation.save()
    send_portal_mail(
        to=[email],
        subject=_("Invitation to act for %(name)s") % {"name": partner.name},
        template="partners/mail/invitation.txt",
        context={
            "partner": partner,
            "actor": actor,
            "link": settings.SITE_URL
            + reverse("partners:invitation", kwargs={"token": invitation.token}),
        },
        kind="partner.invitation",
        contains_secret=True,
        ref={"invitation": invitation.pk},
    )
    return invitation


def invitation_reissue(mail, request) -> None:
    """A failed invitation mail is not sent again with its token: staff get a new invitation
    (a new token) sent to the same address, in the inviting contact's name."""
    invitation = (
        Invitation.objects.select_related("partner", "invited_by")
        .filter(pk=mail.ref.get("invitation"))
        .first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has expired or was already used."))
    contact_invite(
        partner=invitation.partner,
        email=invitation.email,
        actor=invitation.invited_by or request.user,
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Contact:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already used."))
    contact = contact_add(partner=invitation.partner, user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return contact


@transaction.atomic
def declaration_publish(*, declaration: Declaration) -> Declaration:
    """Makes this version the current one. Nobody is re-signed: partners see the new version."""
    declaration.full_clean()
    Declaration.objects.filter(is_current=True).exclude(pk=declaration.pk).update(is_current=False)
    declaration.is_current = True
    declaration.save()
    return declaration


@transaction.atomic
def partner_sign(
    *,
    partner: Partner,
    declaration: Declaration,
    actor: User,
    signatory_name: str,
    signatory_function: str,
    place: str,
    signed_on: datetime.date,
    commitments: list[str],
) -> Signature:
    # The same rule the gate asks in front of the signing page.
    if not actor.has_perm("partners.sign_declaration", partner):
        raise PermissionDenied
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status == Partner.Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn organisation cannot sign."))
    if not declaration.is_current:
        raise ValidationError(_("Only the current version of the declaration can be signed."))
    if sorted(set(commitments)) != sorted(COMMITMENT_KEYS):
        raise ValidationError(_("Please confirm every commitment of the declaration."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signing cannot be in the future.")})
    if Signature.objects.filter(partner=partner, declaration=declaration).exists():
        raise ValidationError(_("Your organisation has already signed this version."))
    signature = Signature(
        partner=partner,
        declaration=declaration,
        signatory_name=signatory_name.strip(),
        signatory_function=signatory_function.strip(),
        place=place.strip(),
        signed_on=signed_on,
        commitments=list(COMMITMENT_KEYS),
        signed_by=actor,
    )
    signature.full_clean(exclude=["partner", "declaration"])
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as exc:  # the same version signed twice at the same moment
        raise ValidationError(_("Your organisation has already signed this version.")) from exc
    before = field_values(partner, ["status"])
    if partner.status == Partner.Status.REGISTERED:
        partner.status = Partner.Status.SIGNED
        partner.save(update_fields=["status", "updated_at"])
    log_action(
        obj=partner,
        action="signed",
        actor=actor,
        changes=diff(partner, before),
        note=str(declaration),
    )
    send_portal_mail(
        to=staff_emails(),
        subject=_("Signature to confirm: %(name)s") % {"name": partner.name},
        template="partners/mail/signed.txt",
        context={"partner": partner, "signature": signature},
        kind="partner.signed",
    )
    return signature


@transaction.atomic
def signature_confirm(*, signature: Signature, actor: User) -> Signature:
    """Staff confirm a signature; the partner becomes active (and listed, if it consented)."""
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    if signature.is_confirmed:
        raise ValidationError(_("This signature has already been confirmed."))
    partner = Partner.objects.select_for_update().get(pk=signature.partner_id)
    if partner.status == Partner.Status.WITHDRAWN:
        raise ValidationError(_("The organisation has left the alliance."))
    signature.confirmed_by = actor
    signature.confirmed_at = timezone.now()
    signature.save(update_fields=["confirmed_by", "confirmed_at"])
    before = field_values(partner, ["status", "joined_on"])
    partner.status = Partner.Status.ACTIVE
    if partner.joined_on is None:
        partner.joined_on = signature.signed_on
    partner.save(update_fields=["status", "joined_on", "updated_at"])
    log_action(
        obj=partner,
        action="confirmed",
        actor=actor,
        changes=diff(partner, before),
        note=str(signature.declaration),
    )
    send_portal_mail(
        to=contact_emails(partner),
        subject=_("Welcome to the Magdeburg Climate Alliance"),
        template="partners/mail/confirmed.txt",
        context={"partner": partner, "signature": signature},
        kind="partner.confirmed",
    )
    return signature


@transaction.atomic
def partner_withdraw(
    *, partner: Partner, actor: User, left_on: datetime.date, reason: str
) -> Partner:
    """Staff record that a partner left. Its signatures, projects and history stay."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status == Partner.Status.WITHDRAWN:
        raise ValidationError(_("The organisation has already left the alliance."))
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": _("The date of leaving cannot be in the future.")})
    if partner.joined_on and left_on < partner.joined_on:
        raise ValidationError({"left_on": _("The date of leaving is before the joining date.")})
    if not reason.strip():
        raise ValidationError({"withdrawal_reason": _("Please give the reason for leaving.")})
    before = field_values(partner, ["status", "left_on"])
    partner.status = Partner.Status.WITHDRAWN
    partner.left_on = left_on
    partner.withdrawal_reason = reason.strip()
    partner.save(update_fields=["status", "left_on", "withdrawal_reason", "updated_at"])
    log_action(
        obj=partner,
        action="withdrawn",
        actor=actor,
        changes=diff(partner, before),
        note=partner.withdrawal_reason,
    )
    return partner


def contact_erase_for_user(user: User) -> str:
    """Erasure step (registered in core.registry): the person stops acting for a partner;
    the partner's contributions stay. Returns the note for the audit record."""
    contacts = Contact.objects.filter(user=user)
    partner_name = contacts.values_list("partner__name", flat=True).first()
    contacts.delete()
    return f"partner: {partner_name}" if partner_name else ""
