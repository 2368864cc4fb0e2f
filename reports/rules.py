import rules

from accounts.roles import is_stabsstelle

rules.add_perm("reports.manage_emissions", is_stabsstelle)
