"""Who may change the city balance and the emission factors (the `rules` package)."""

import rules

from accounts.roles import is_stabsstelle


@rules.predicate
def is_unconfirmed_factor(user, factor) -> bool:
    return factor is not None and not factor.confirmed


rules.add_perm("climate.manage_balance", is_stabsstelle)
rules.add_perm("climate.manage_factors", is_stabsstelle)
rules.add_perm("climate.confirm_factor", is_stabsstelle & is_unconfirmed_factor)
