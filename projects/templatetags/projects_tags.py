from django import template
from django.urls import NoReverseMatch, reverse

from projects.activity import describe, describe_line

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


@register.filter
def activity_line(line) -> str:
    """One activity line with its factor version and source (projects.activity)."""
    return describe_line(line)


@register.filter
def activity_basis(result) -> str:
    """What a result is based on: "berechnet aus … × … (Faktor …, Quelle …), Datenqualität B",
    or only the grade for a value entered directly; '' when neither is known. Reads the
    result's `lines` (prefetched by `with_lines()` on the pages that list results)."""
    if result is None:
        return ""
    return describe(list(result.lines.all()), result.data_quality)
