"""Permissions core's own pages and actions ask (autodiscovered by `rules`).

Core imports no app, so the staff predicate asks the Django group by name. The name is the one
`accounts.roles.STABSSTELLE_GROUP` gives the Stabsstelle's group; a test keeps the two equal.
"""

import rules

from .content_cache import remember

STAFF_GROUP = "Stabsstelle Klimaschutz"


def in_staff_group(user) -> bool:
    """Whether an authenticated user is in the Stabsstelle's group, asked once per user
    object (the gate, the layout and several sections of a page ask again) and kept per
    content generation: every write to the groups or their members starts a new one
    (core.page_cache.collect_content_tables), so a removed member loses access at once."""
    cached = getattr(user, "_in_staff_group", None)
    if cached is None:
        cached = remember(
            f"staff-group:{user.pk}", lambda: user.groups.filter(name=STAFF_GROUP).exists()
        )
        user._in_staff_group = cached
    return cached


@rules.predicate
def is_staff_group_member(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or in_staff_group(user)


# Failed outgoing mails: see them (recipient, subject, kind, error; never the text) and send again.
rules.add_perm("core.resend_mail", is_staff_group_member)
