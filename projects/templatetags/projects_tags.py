from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def partner_url(partner):
    """The public profile of a listed partner, or '' while there is none to link to."""
    if partner is None or not partner.is_listed:
        return ""
    try:
        return reverse("partners:detail", kwargs={"slug": partner.slug})
    except NoReverseMatch:
        return ""


@register.simple_tag
def body_url(body):
    """The working group page (a stable public path)."""
    try:
        return reverse("meetings:body", kwargs={"slug": body.slug})
    except NoReverseMatch:
        return f"/arbeitsgruppen/{body.slug}/"
