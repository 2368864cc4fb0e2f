"""Writes on user accounts."""

import rules
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.audit.labels import register_actions
from core.audit.services import log_action
from core.registry import erasure_steps

from .models import User
from .roles import STABSSTELLE_GROUP

# Data-subject requests in the one audit log; the account is named by its number only, so
# the record holds no personal data and outlives the erasure.
DATA_EXPORTED = "data_exported"
ACCOUNT_ERASED = "account_erased"
DATA_RIGHTS_ACTIONS = (DATA_EXPORTED, ACCOUNT_ERASED)
register_actions(
    {
        DATA_EXPORTED: pgettext_lazy("audit action", "personal data exported"),
        ACCOUNT_ERASED: pgettext_lazy("audit action", "account deleted"),
        "renamed": pgettext_lazy("audit action", "name changed"),
    }
)


def account_number(user: User) -> str:
    return _("Account no. %(number)s") % {"number": user.pk}


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
    user.__dict__.pop("_in_staff_group", None)


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


def stale_signups(email: str):
    """Accounts whose sign-up with this address was never completed: the address is their
    login name but confirmed nowhere, they never logged in, and they are not staff. Under
    mandatory verification such an account cannot have done anything in the portal."""
    confirmed = EmailAddress.objects.filter(verified=True).values("user_id")
    return (
        User.objects.filter(
            email__iexact=email,
            is_active=True,
            is_staff=False,
            is_superuser=False,
            last_login__isnull=True,
        )
        .exclude(groups__name=STABSSTELLE_GROUP)
        .exclude(pk__in=confirmed)
    )


@transaction.atomic
def stale_signups_retire(*, email: str) -> int:
    """A new sign-up for an address that an uncompleted sign-up holds replaces it: whoever
    typed someone else's address in must not keep its owner out (the owner can neither sign
    up nor, as the address is unconfirmed, reset the password). The old account is
    deactivated without an address; its confirmation link stops working."""
    retired = 0
    for user in stale_signups(email).select_for_update(of=("self",)):
        EmailAddress.objects.filter(user=user).delete()
        user.email = f"ersetzt-{user.pk}@konto.invalid"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "is_active", "password"])
        log_action(
            obj=user,
            action="changed",
            note="unconfirmed sign-up replaced by a new sign-up for the same address",
        )
        retired += 1
    return retired


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
    log_action(obj=user, action=DATA_EXPORTED, actor=actor, object_repr=account_number(user))
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
    log_action(
        obj=user,
        action=ACCOUNT_ERASED,
        actor=actor if actor.pk != subject_id else None,
        note="; ".join(notes),
        object_repr=account_number(user),
    )


@transaction.atomic
def user_rename(*, user: User, name: str) -> User:
    """A person changes the name partners and staff see; recorded in the account's history."""
    old = user.name
    if old == name:
        return user
    user.name = name
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name"])
    # Like the data-rights records: the account by its number, the names themselves not kept.
    log_action(obj=user, action="renamed", actor=user, object_repr=account_number(user))
    return user
