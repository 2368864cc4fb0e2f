"""Named permissions of consensus decisions (the `rules` package).

Staff create, open, close and withdraw proposals. Consensus is a matter of the *active*
partners (DESIGN.md, roles and consensus rule): their contacts see open proposals and who
stated what, and state their organisation's position. Contacts of a registered or signed
partner have nothing internal yet, contacts of a withdrawn one state nothing new: for them an
open proposal is as hidden as for the public, and a decided one shows only the public result.
"""

import rules

from accounts.roles import is_stabsstelle
from partners.roles import is_active_partner, is_active_partner_contact, is_contact_of


@rules.predicate
def is_decided_proposal(user, proposal) -> bool:
    return proposal is not None and proposal.is_decided


@rules.predicate
def is_draft_proposal(user, proposal) -> bool:
    return proposal is not None and proposal.state == proposal.State.DRAFT


# Decided proposals are public; open and withdrawn ones are seen by contacts of active
# partners and staff; drafts only by staff (the others get 404: `hidden` at the gate).
rules.add_perm(
    "decisions.view_proposal",
    is_decided_proposal | is_stabsstelle | (is_active_partner_contact & ~is_draft_proposal),
)
rules.add_perm("decisions.manage_decisions", is_stabsstelle)
# The object is the partner organisation whose position is stated: its own contacts, while it
# is an active member (whether it takes part in this proposal is the service's answer).
rules.add_perm("decisions.state_position", is_contact_of & is_active_partner)
# Which organisation stated which position, with reasons and the names of who stated it.
rules.add_perm("decisions.view_decision_positions", is_active_partner_contact | is_stabsstelle)
# The discussion of a proposal: contacts of active partners and staff read and write (the
# service refuses while the proposal is not open); staff hide comments.
rules.add_perm(
    "decisions.view_discussion",
    ~is_draft_proposal & (is_active_partner_contact | is_stabsstelle),
)
rules.add_perm(
    "decisions.comment_proposal",
    ~is_draft_proposal & (is_active_partner_contact | is_stabsstelle),
)
rules.add_perm("decisions.moderate_comments", is_stabsstelle)
