"""Permissions about accounts and personal data (the `rules` package)."""

import rules

from .roles import is_stabsstelle


@rules.predicate
def is_logged_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


@rules.predicate
def is_ordinary_person(user, person) -> bool:
    """Staff handle data-subject requests of people, not of staff or superuser accounts
    (those are the superusers' business, in the admin)."""
    return person is not None and not person.is_superuser and not is_stabsstelle(person)


@rules.predicate
def is_active_person(user, person) -> bool:
    return person is not None and person.is_active


rules.add_perm("accounts.view_staff_dashboard", is_stabsstelle)
# Where a person lands after logging in, and their own data (GDPR Art. 15, 17, 20).
rules.add_perm("accounts.open_dashboard", is_logged_in)
rules.add_perm("accounts.manage_own_data", is_logged_in)
# Data export and erasure on request of a person (GDPR Art. 15, 17, 20).
rules.add_perm("accounts.manage_personal_data", is_stabsstelle)
rules.add_perm("accounts.export_person_data", is_stabsstelle & is_ordinary_person)
rules.add_perm("accounts.erase_person", is_stabsstelle & is_ordinary_person & is_active_person)
