import rules

from partners.roles import is_partner_contact

from .roles import is_stabsstelle

rules.add_perm("accounts.view_staff_dashboard", is_stabsstelle)
rules.add_perm("accounts.view_partner_dashboard", is_partner_contact)
