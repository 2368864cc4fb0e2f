"""Writes on partner organisations, their contacts, declarations and signatures."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.roles import STABSSTELLE_GROUP, is_stabsstelle
from core import ratelimit
from core.audit.labels import register_actions
from core.audit.services import diff, field_values, log_action
from core.dates import date_short
from core.mail import send_portal_mail
from core.slugs import change_slug
from core.slugs import unique_slug as core_unique_slug

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


def unique_slug(name: str, *, exclude_pk=None) -> str:
    return core_unique_slug(
        Partner, name, fallback="partner", exclude_pk=exclude_pk, reserved=RESERVED_SLUGS
    )


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
def partner_update(
    *, partner: Partner, actor: User, update_slug: bool = False, **fields
) -> Partner:
    """`update_slug`: the address follows a changed name; the old one keeps redirecting."""
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    before = field_values(Partner.objects.get(pk=partner.pk), [*fields.keys(), "slug"])
    for name, value in fields.items():
        setattr(partner, name, value)
    if update_slug:
        change_slug(partner, unique_slug(partner.name, exclude_pk=partner.pk))
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
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=contact.partner_id)
    if partner.contacts.count() <= 1:
        raise ValidationError(
            _("The last contact of an organisation cannot be removed. Invite a colleague first.")
        )
    if contact.user_id == actor.pk:
        raise ValidationError(
            _("You cannot remove yourself. Ask another contact of your organisation.")
        )
    contact.delete()


# Invitations ---------------------------------------------------------------------------

# How many invitations (new or sent again) one partner, and one inviting person, may send.
INVITATION_RATE_LIMIT = 10
INVITATION_RATE_PERIOD = 60 * 60

register_actions({"accepted": pgettext_lazy("audit action", "accepted")})


def _owners_of_address(email: str):
    """Accounts that own the address: as their login name or as a confirmed address."""
    from allauth.account.models import EmailAddress

    confirmed = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return User.objects.filter(Q(email__iexact=email) | Q(pk__in=confirmed))


def _check_invitee(partner: Partner, email: str) -> None:
    """Who may not be invited: staff and superusers, and people already acting for a partner."""
    for owner in _owners_of_address(email):
        if is_stabsstelle(owner):
            raise ValidationError(
                {
                    "email": _(
                        "Accounts of the Stabsstelle Klimaschutz and administrators cannot be "
                        "invited as contacts of a partner organisation."
                    )
                }
            )
        contact = Contact.objects.filter(user=owner).first()
        if contact is not None and contact.partner_id == partner.pk:
            raise ValidationError(
                {"email": _("This person is already a contact of your organisation.")}
            )
        if contact is not None:
            raise ValidationError(
                {
                    "email": _(
                        "This person already acts for another partner organisation. A person "
                        "can act for only one organisation in the portal."
                    )
                }
            )


def _check_invitation_rate(*, partner: Partner, actor: User) -> None:
    for key in (f"invitations:partner:{partner.pk}", f"invitations:user:{actor.pk}"):
        if not ratelimit.allow(key, limit=INVITATION_RATE_LIMIT, period=INVITATION_RATE_PERIOD):
            raise ValidationError(
                _("Too many invitations have been sent in the last hour. Please try again later.")
            )


def _invitation_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("partners:invitation", kwargs={"token": invitation.token})


def _invitation_create(*, partner: Partner, email: str, inviter: User) -> Invitation:
    """A new pending invitation and its mail (in the outbox, with the secret link)."""
    invitation = Invitation(partner=partner, email=email, invited_by=inviter)
    invitation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:  # the same address invited at the same moment
        raise ValidationError({"email": _("This address has already been invited.")}) from exc
    send_portal_mail(
        to=[email],
        subject=_("Invitation to act for %(name)s") % {"name": partner.name},
        template="partners/mail/invitation.txt",
        context={"partner": partner, "actor": inviter, "link": _invitation_link(invitation)},
        kind="partner.invitation",
        contains_secret=True,
        ref={"invitation": invitation.pk},
    )
    return invitation


def _close(invitation: Invitation, *, actor: User | None) -> None:
    invitation.withdrawn_at = timezone.now()
    invitation.withdrawn_by = actor
    invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])


def _lock_pending(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partner", "invited_by")
        .filter(pk=invitation.pk)
        .pending()
        .first()
    )
    if locked is None:
        raise ValidationError(_("This invitation has already been accepted or withdrawn."))
    return locked


@transaction.atomic
def contact_invite(*, partner: Partner, email: str, actor: User) -> Invitation:
    """A contact of the partner (while it has not left) or staff invite a colleague by e-mail.
    One pending invitation per address; staff, superusers and people acting for a partner
    cannot be invited; at most INVITATION_RATE_LIMIT an hour per partner and per person."""
    if not actor.has_perm("partners.manage_contacts", partner):
        raise PermissionDenied
    email = User.objects.normalize_email(email.strip())
    # Serialises invitations of one partner, so the checks below hold until the commit.
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=partner.pk)
    _check_invitee(partner, email)
    pending = partner.invitations.pending().filter(email__iexact=email).first()
    if pending is not None and not pending.is_expired:
        raise ValidationError(
            {
                "email": _(
                    "This address has already been invited. You can send the invitation again "
                    "from the list of open invitations."
                )
            }
        )
    _check_invitation_rate(partner=partner, actor=actor)
    if pending is not None:  # expired: the new invitation replaces it
        _close(pending, actor=actor)
    invitation = _invitation_create(partner=partner, email=email, inviter=actor)
    log_action(obj=invitation, action="created", actor=actor)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    """Contacts of the partner or staff withdraw an open invitation; its link stops working."""
    if not actor.has_perm("partners.manage_contacts", invitation.partner):
        raise PermissionDenied
    invitation = _lock_pending(invitation)
    before = field_values(invitation, ["withdrawn_at"])
    _close(invitation, actor=actor)
    log_action(obj=invitation, action="withdrawn", actor=actor, changes=diff(invitation, before))
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    """Sends a pending invitation again with a fresh link: the old invitation is closed (its
    token stops working) and a new one goes out to the same address, in the inviter's name."""
    if not actor.has_perm("partners.manage_contacts", invitation.partner):
        raise PermissionDenied
    invitation = _lock_pending(invitation)
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=invitation.partner_id)
    _check_invitee(partner, invitation.email)
    _check_invitation_rate(partner=partner, actor=actor)
    _close(invitation, actor=actor)
    fresh = _invitation_create(
        partner=partner, email=invitation.email, inviter=invitation.invited_by or actor
    )
    log_action(obj=fresh, action="resent", actor=actor, note=f"#{invitation.pk}")
    return fresh


def invitation_reissue(mail, request) -> None:
    """A failed invitation mail is not sent again with its token: staff send the invitation
    again (a new token), which closes the old one."""
    invitation = (
        Invitation.objects.select_related("partner", "invited_by")
        .filter(pk=mail.ref.get("invitation"))
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already used."))
    invitation_resend(invitation=invitation, actor=request.user)


def invitation_refusal(*, invitation: Invitation, user: User) -> str | None:
    """Why this user cannot accept the invitation (a message naming neither the partner nor
    the invited address), or None. The invitation is bound to the address it was sent to:
    only an account with that address confirmed may accept it."""
    from allauth.account.models import EmailAddress

    if not invitation.is_open:
        return _("This invitation has expired, was withdrawn or was already used.")
    if invitation.partner.status == Partner.Status.WITHDRAWN:
        return _("This invitation has expired, was withdrawn or was already used.")
    addresses = EmailAddress.objects.filter(user=user, email__iexact=invitation.email)
    if not addresses.filter(verified=True).exists():
        if addresses.exists():
            return _(
                "Please confirm your e-mail address first (under “E-mail addresses” in your "
                "account), then open the invitation link again."
            )
        return _(
            "This invitation was sent to a different e-mail address. Please log in with the "
            "account of the address the invitation was sent to, or add that address to your "
            "account and confirm it."
        )
    if is_stabsstelle(user):
        return _(
            "Accounts of the Stabsstelle Klimaschutz and administrators cannot act for a "
            "partner organisation."
        )
    contact = Contact.objects.filter(user=user).first()
    if contact is not None and contact.partner_id == invitation.partner_id:
        return _("You are already a contact of this organisation.")
    if contact is not None:
        return _(
            "You already act for another partner organisation. A person can act for only one "
            "organisation in the portal."
        )
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Contact:
    """The invited person joins the partner, with the account that has the invited address
    confirmed."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partner")
        .get(pk=invitation.pk)
    )
    refusal = invitation_refusal(invitation=invitation, user=user)
    if refusal:
        raise ValidationError(refusal)
    contact = contact_add(partner=invitation.partner, user=user)
    before = field_values(invitation, ["accepted_at", "accepted_by"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(obj=invitation, action="accepted", actor=user, changes=diff(invitation, before))
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
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=partner.pk)
    if partner.status == Partner.Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn organisation cannot sign."))
    if not declaration.is_current:
        raise ValidationError(_("Only the current version of the declaration can be signed."))
    if sorted(set(commitments)) != sorted(COMMITMENT_KEYS):
        raise ValidationError(_("Please confirm every commitment of the declaration."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signing cannot be in the future.")})
    # A version cannot have been signed before it was valid: the certificate and the
    # report's "active at the end of the year" rely on this date.
    if signed_on < declaration.valid_from:
        raise ValidationError(
            {
                "signed_on": _(
                    "The date of signing cannot be before %(date)s, when this version of the "
                    "declaration became valid."
                )
                % {"date": date_short(declaration.valid_from)}
            }
        )
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
    signature = Signature.objects.select_for_update(of=("self",)).get(pk=signature.pk)
    if signature.is_confirmed:
        raise ValidationError(_("This signature has already been confirmed."))
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=signature.partner_id)
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


register_actions(
    {"signature_returned": pgettext_lazy("audit action", "signature returned with a reason")}
)


@transaction.atomic
def signature_return(*, signature: Signature, actor: User, reason: str) -> Partner:
    """Staff return a signature they cannot confirm (wrong signatory, date, organisation):
    the signature is removed so the partner can sign again, the history keeps what was
    signed and why it was returned, and the contacts are told the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please tell the organisation why.")})
    signature = (
        Signature.objects.select_for_update(of=("self",))
        .select_related("declaration")
        .get(pk=signature.pk)
    )
    if signature.is_confirmed:
        raise ValidationError(_("A confirmed signature cannot be returned."))
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=signature.partner_id)
    before = field_values(partner, ["status"])
    signed = {
        "signatory": f"{signature.signatory_name}, {signature.signatory_function}",
        "place": signature.place,
        "signed_on": date_short(signature.signed_on),
    }
    declaration = signature.declaration
    signature.delete()
    if partner.status == Partner.Status.SIGNED and not partner.signatures.exists():
        partner.status = Partner.Status.REGISTERED
        partner.save(update_fields=["status", "updated_at"])
    changes = diff(partner, before)
    for name, value in signed.items():
        label = {
            "signatory": _("signatory"),
            "place": _("place"),
            "signed_on": _("date"),
        }[name]
        changes[f"signature.{name}"] = {"label": str(label), "old": value, "new": ""}
    log_action(
        obj=partner,
        action="signature_returned",
        actor=actor,
        changes=changes,
        note=f"{declaration}: {reason}",
    )
    send_portal_mail(
        to=contact_emails(partner),
        subject=_("Your signature of the joint declaration was returned"),
        template="partners/mail/signature_returned.txt",
        context={"partner": partner, "declaration": declaration, "reason": reason},
        kind="partner.signature_returned",
    )
    return partner


@transaction.atomic
def partner_withdraw(
    *, partner: Partner, actor: User, left_on: datetime.date, reason: str
) -> Partner:
    """Staff record that a partner left. Its signatures, projects and history stay."""
    partner = Partner.objects.select_for_update(of=("self",)).get(pk=partner.pk)
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
