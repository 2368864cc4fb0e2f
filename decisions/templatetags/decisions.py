"""Template tags that let the dashboards (portal) show decisions without changes to their
views."""

from django import template

from partners.selectors import partner_of

from .. import selectors

register = template.Library()


@register.simple_tag
def partner_open_procedures(user) -> dict:
    """Open written procedures for the user's organisation: awaiting and answered. Only
    for an organisation that may state positions (the rule asks its state): a withdrawn
    partner's earlier answers link to nothing it may still see."""
    partner = partner_of(user) if user.is_authenticated else None
    if not user.has_perm("decisions.state_position", partner):
        return {"awaiting": [], "answered": []}
    return {
        "awaiting": list(selectors.open_procedures_awaiting(partner)),
        "answered": list(selectors.open_procedures_answered(partner)),
    }


@register.simple_tag
def staff_proposals() -> dict:
    return selectors.staff_proposal_lists()
