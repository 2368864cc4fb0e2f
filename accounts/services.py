"""Writes on user accounts."""

import rules
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.registry import erasure_steps

from .models import AuditEvent, User
from .roles import STABSSTELLE_GROUP


@transaction.atomic
def user_create(
    *, email: str, password: str | None, name: str = "", verified: bool = False
) -> User:
    """A user with a primary e-mail address (verified or not, as allauth tracks it)."""
    user = User(email=User.objects.normalize_email(email), name=name)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


def user_make_stabsstelle(*, user: User) -> None:
    group, _created = Group.objects.get_or_create(name=STABSSTELLE_GROUP)
    user.groups.add(group)
    user.__dict__.pop("_is_stabsstelle", None)


@transaction.atomic
def email_address_claim(*, email_address: EmailAddress) -> int:
    """Once an address is confirmed, unconfirmed copies of it on other accounts go: an address
    someone merely typed in never blocks its owner (allauth lets such a sign-up through, see
    accounts.forms.SignupForm). Returns how many copies were removed."""
    if not email_address.verified:
        return 0
    copies = EmailAddress.objects.filter(email__iexact=email_address.email, verified=False)
    deleted, _rows = copies.exclude(user_id=email_address.user_id).delete()
    return deleted


def _check_data_rights(*, user: User, actor: User, perm: str) -> None:
    # The person themselves, or staff for an ordinary person (never for staff or superusers):
    # the rule the views ask, so no other caller gets around it. Asked of the rule itself:
    # Django's `has_perm` grants a superuser everything without asking it.
    if actor.pk != user.pk and not rules.has_perm(perm, actor, user):
        raise PermissionDenied


def personal_data_export(*, user: User, actor: User) -> dict:
    """The data export (JSON-ready); recorded in the audit history."""
    from .data_rights import personal_data

    _check_data_rights(user=user, actor=actor, perm="accounts.export_person_data")
    AuditEvent.objects.create(action=AuditEvent.Action.EXPORT, actor=actor, subject_id=user.pk)
    return personal_data(user)


@transaction.atomic
def user_erase(*, user: User, actor: User) -> None:
    """Removes the person's data but keeps their contributions.

    Positions, signatures, projects and other contributions stay attributed to the partner
    organisation; the account behind them becomes an anonymous, inactive placeholder, so
    decisions remain traceable without naming the person.
    """
    from django.contrib.sessions.models import Session

    _check_data_rights(user=user, actor=actor, perm="accounts.erase_person")
    subject_id = user.pk
    # Apps that hold data about the person registered their steps (core.registry).
    notes = [note for step in erasure_steps if (note := step(user))]
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"geloescht-{subject_id}@konto.invalid"
    user.name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    # Log the person out everywhere.
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(subject_id):
            session.delete()
    AuditEvent.objects.create(
        action=AuditEvent.Action.ERASE,
        actor=actor if actor.pk != subject_id else None,
        subject_id=subject_id,
        note="; ".join(notes),
    )
