import rules

from accounts.roles import is_stabsstelle

rules.add_perm("portal.change_legal_page", is_stabsstelle)
