"""Who may do what with the newsletter (the `rules` package). Subscribing, confirming,
unsubscribing and the archive are public pages without a rule."""

import rules

from accounts.roles import is_stabsstelle
from partners.roles import is_partner_contact

rules.add_perm("newsletter.manage_issues", is_stabsstelle)
# Contacts of every partner state get mails from the portal, so every contact chooses.
rules.add_perm("newsletter.manage_notifications", is_partner_contact)


@rules.predicate
def is_draft_issue(user, issue) -> bool:
    return issue is not None and issue.state == "entwurf"


# Only a draft is edited, tested and sent; the issue page asks this instead of the state.
rules.add_perm("newsletter.edit_issue", is_stabsstelle & is_draft_issue)
