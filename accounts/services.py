"""Writes on user accounts."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
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
