"""Named permissions of consensus decisions (the `rules` package).

Staff create, open, close and withdraw proposals; contacts of partner organisations state
their organisation's position; partner contacts and staff see who stated what.
"""

import rules

from accounts.roles import is_stabsstelle
from partners.roles import is_partner_contact


@rules.predicate
def is_decided_proposal(user, proposal) -> bool:
    return proposal is not None and proposal.is_decided


@rules.predicate
def is_draft_proposal(user, proposal) -> bool:
    return proposal is not None and proposal.state == proposal.State.DRAFT


# Decided proposals are public; open and withdrawn ones are seen by partner contacts and
# staff; drafts only by staff (the others get 404: `hidden` at the gate).
rules.add_perm(
    "decisions.view_proposal",
    is_decided_proposal | is_stabsstelle | (is_partner_contact & ~is_draft_proposal),
)
rules.add_perm("decisions.manage_decisions", is_stabsstelle)
rules.add_perm("decisions.state_position", is_partner_contact)
rules.add_perm("decisions.view_decision_positions", is_partner_contact | is_stabsstelle)
