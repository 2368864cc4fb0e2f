import rules

from .roles import is_stabsstelle

rules.add_perm("accounts.view_staff_dashboard", is_stabsstelle)
# Data export and erasure on request of a person (GDPR Art. 15, 17, 20).
rules.add_perm("accounts.manage_personal_data", is_stabsstelle)
