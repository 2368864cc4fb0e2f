"""Role predicates (the `rules` package): who is staff of the Stabsstelle."""

import rules

from core.rules import in_staff_group

STABSSTELLE_GROUP = "Stabsstelle Klimaschutz"


@rules.predicate
def is_stabsstelle(user) -> bool:
    """Staff of the Stabsstelle Klimaschutz (or a superuser, who may do everything)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return in_staff_group(user)
