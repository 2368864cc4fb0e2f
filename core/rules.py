"""Permissions core's own pages and actions ask (autodiscovered by `rules`).

Core imports no app, so the staff predicate asks the Django group by name. The name is the one
`accounts.roles.STABSSTELLE_GROUP` gives the Stabsstelle's group; a test keeps the two equal.
"""

import rules

STAFF_GROUP = "Stabsstelle Klimaschutz"


@rules.predicate
def is_staff_group_member(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=STAFF_GROUP).exists()


# Failed outgoing mails: see them (recipient, subject, kind, error; never the text) and send again.
rules.add_perm("core.resend_mail", is_staff_group_member)
