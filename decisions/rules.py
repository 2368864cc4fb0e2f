"""Named permissions of consensus decisions (the `rules` package).

Staff create, open, close and withdraw proposals; contacts of partner organisations state
their organisation's position; partner contacts and staff see who stated what.
"""

import rules

from accounts.roles import is_stabsstelle
from partners.roles import is_partner_contact

rules.add_perm("decisions.manage_decisions", is_stabsstelle)
rules.add_perm("decisions.state_position", is_partner_contact)
rules.add_perm("decisions.view_decision_positions", is_partner_contact | is_stabsstelle)
