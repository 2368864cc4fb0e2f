"""Template side of `partners.naming`: public templates print partner names only through
these, so the consent rule (DESIGN.md "Consent") is applied in one place."""

from django import template

from partners import naming

register = template.Library()


@register.filter
def public_partner_name(partner) -> str:
    """`{{ project.lead_partner|public_partner_name }}`"""
    return naming.public_partner_name(partner)


@register.filter
def is_named_publicly(partner) -> bool:
    return naming.is_named_publicly(partner)


@register.filter
def public_partners(partners, exclude=None) -> naming.PublicPartners:
    """`{% with shown=participants|public_partners:project.lead_partner %}`: `shown.named`
    (partners to link), `shown.unnamed` (how many others), `shown.labels`, or print it."""
    return naming.public_partners(partners or (), exclude=exclude or None)


@register.filter
def unnamed_count_label(count) -> str:
    return naming.unnamed_count_label(int(count))


@register.simple_tag
def active_partner_counts() -> naming.PartnerCounts:
    """`{% active_partner_counts as counts %}`: counts.active, counts.listed, counts.unlisted."""
    return naming.active_partner_counts()
