"""Role predicates (the `rules` package): who is staff of the Stabsstelle."""

import rules

STABSSTELLE_GROUP = "Stabsstelle Klimaschutz"


@rules.predicate
def is_stabsstelle(user) -> bool:
    """Staff of the Stabsstelle Klimaschutz (or a superuser, who may do everything)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: templates and views ask several times per request.
    cached = getattr(user, "_is_stabsstelle", None)
    if cached is None:
        cached = user.groups.filter(name=STABSSTELLE_GROUP).exists()
        user._is_stabsstelle = cached
    return cached
