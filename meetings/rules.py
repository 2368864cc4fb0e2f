"""Named permissions of the meetings app (the `rules` package).

Members of a body are the contacts of its member partners: every active partner for the
plenary, active partners with a current confirmed membership for a working group. So only
contacts of *active* partners read internal documents, answer invitations, take part in
theme circles and working groups (DESIGN.md, roles); registered, signed and withdrawn
partners' contacts see what the public sees.
"""

import rules

from accounts.roles import is_stabsstelle
from partners.roles import contact_partner_id, is_active_partner, is_contact_of


def is_body_member(user, body) -> bool:
    """The user acts for a partner that belongs to the body. Cached per user and body."""
    partner_id = contact_partner_id(user)
    if partner_id is None or body is None:
        return False
    cache = user.__dict__.setdefault("_meeting_body_member", {})
    if body.pk not in cache:
        from partners.selectors import member_partners

        cache[body.pk] = member_partners(body).filter(pk=partner_id).exists()
    return cache[body.pk]


@rules.predicate
def is_member_of_meeting_body(user, meeting) -> bool:
    return meeting is not None and is_body_member(user, meeting.body)


@rules.predicate
def is_public_meeting(user, meeting) -> bool:
    return meeting is not None and meeting.is_public


@rules.predicate
def is_published_meeting(user, meeting) -> bool:
    return meeting is not None and meeting.state == meeting.State.PUBLISHED


@rules.predicate
def is_responsible_contact(user, item) -> bool:
    """The user acts for the item's owner: its partner organisation, or a partner that is a
    current member of its working group (the Stabsstelle's items are staff's)."""
    if item is None:
        return False
    if item.owner_kind == item.Owner.PARTNER:
        return is_contact_of(user, item.responsible_partner)
    if item.owner_kind == item.Owner.BODY:
        return is_body_member(user, item.responsible_body)
    return False


@rules.predicate
def is_own_registration(user, registration) -> bool:
    return registration is not None and registration.user_id == user.pk


@rules.predicate
def is_membership_partner_contact(user, membership) -> bool:
    return membership is not None and contact_partner_id(user) == membership.partner_id


@rules.predicate
def is_responsible_partner_active(user, item) -> bool:
    """The organisation the user acts for is active (members of a body are active partners)."""
    if item is None:
        return False
    if item.owner_kind == item.Owner.PARTNER:
        return is_active_partner(user, item.responsible_partner)
    return item.owner_kind == item.Owner.BODY


# The rule's object is the partner: its own contacts, while it is an active member.
is_contact_of_active_partner = is_contact_of & is_active_partner


# Public pages and what members see.
rules.add_perm("meetings.view_meeting", is_public_meeting | is_stabsstelle)
rules.add_perm(
    "meetings.view_meeting_internal",
    (is_public_meeting & is_member_of_meeting_body) | is_stabsstelle,
)
# Contacts of member partners answer invitations and register for theme circles.
rules.add_perm("meetings.rsvp_meeting", is_published_meeting & is_member_of_meeting_body)
rules.add_perm("meetings.register_circle", is_published_meeting & is_member_of_meeting_body)
rules.add_perm("meetings.leave_circle", is_own_registration)
# Partners propose their representatives; staff confirm.
rules.add_perm("meetings.propose_membership", is_contact_of_active_partner | is_stabsstelle)
rules.add_perm("meetings.view_memberships", is_contact_of_active_partner)
rules.add_perm("meetings.confirm_membership", is_stabsstelle)
# A membership ends by its partner's contacts or by staff (a withdrawn partner's contacts may
# still end a representation that outlived the membership: it only takes something away).
rules.add_perm("meetings.end_membership", is_membership_partner_contact | is_stabsstelle)
# Only staff change meetings, bodies and action items; partners mark their own items done.
rules.add_perm("meetings.manage_meetings", is_stabsstelle)
rules.add_perm("meetings.change_body", is_stabsstelle)
rules.add_perm("meetings.manage_action_items", is_stabsstelle)
rules.add_perm(
    "meetings.complete_action_item",
    (is_responsible_contact & is_responsible_partner_active) | is_stabsstelle,
)
