"""How partner organisations are named in public (DESIGN.md "Consent").

The one rule: an organisation's name (and its slug, which spells the name) appears on public
pages, in exports, feeds, the annual report and its data only if it consented to public
listing (`Partner.public_listing`). Without consent it is counted, not named. Every public
renderer asks this module -- the template filters in `partners.templatetags.partner_naming`,
the open-data exports and the report snapshot -- so a new public page has one thing to call
instead of remembering the consent field. Internal areas (the partner's own area, staff) show
the real name.

Consent, not the partner's state, decides: a withdrawn partner that consented stays named on
the projects it led, one that did not is never named.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy, ngettext

from core.content_cache import remember

from .models import Partner

UNNAMED_PARTNER = gettext_lazy("a partner organisation (not named publicly)")


def is_named_publicly(partner: Partner | None) -> bool:
    return partner is not None and bool(partner.public_listing)


def public_partner_name(partner: Partner | None) -> str:
    """The name the public may read: the real one with consent, otherwise a placeholder."""
    if partner is None:
        return ""
    return partner.name if is_named_publicly(partner) else str(UNNAMED_PARTNER)


def public_partner_slug(partner: Partner | None) -> str | None:
    """The slug spells the name, so it is withheld exactly like the name."""
    return partner.slug if is_named_publicly(partner) else None


def unnamed_count_label(count: int) -> str:
    """'a partner organisation (not named publicly)' or 'n partner organisations (...)'."""
    if count == 1:
        return str(UNNAMED_PARTNER)
    return ngettext(
        "%(count)s partner organisation (not named publicly)",
        "%(count)s partner organisations (not named publicly)",
        count,
    ) % {"count": count}


@dataclass(frozen=True)
class PublicPartners:
    """A group of partners as the public sees it: the named ones and how many others."""

    named: list[Partner]
    unnamed: int

    @property
    def total(self) -> int:
        return len(self.named) + self.unnamed

    @property
    def labels(self) -> list[str]:
        """The named partners' names, then one label counting the others."""
        labels = [partner.name for partner in self.named]
        if self.unnamed:
            labels.append(unnamed_count_label(self.unnamed))
        return labels

    def __str__(self) -> str:
        return ", ".join(self.labels)


def public_partners(partners, *, exclude: Partner | int | None = None) -> PublicPartners:
    """Split partners into the named ones (by name) and a count of the others; `exclude`
    (e.g. the lead partner of a project) is left out of both."""
    exclude_pk = getattr(exclude, "pk", exclude)
    named, unnamed = [], 0
    for partner in partners:
        if exclude_pk is not None and partner.pk == exclude_pk:
            continue
        if is_named_publicly(partner):
            named.append(partner)
        else:
            unnamed += 1
    return PublicPartners(named=sorted(named, key=lambda p: p.name.casefold()), unnamed=unnamed)


def public_partner_names(partners, *, exclude: Partner | int | None = None) -> list[str]:
    return public_partners(partners, exclude=exclude).labels


def public_partner_json(partner: Partner) -> dict:
    """A partner in the open-data JSON, keys unchanged: without consent the slug is null and
    the name is the placeholder."""
    return {"slug": public_partner_slug(partner), "name": public_partner_name(partner)}


def public_partners_json(partners, *, exclude: Partner | int | None = None) -> list[dict]:
    """Named partners by name, then one entry per unnamed one (so the count stays right)."""
    shown = public_partners(partners, exclude=exclude)
    unnamed = {"slug": None, "name": str(UNNAMED_PARTNER)}
    return [public_partner_json(p) for p in shown.named] + [dict(unnamed)] * shown.unnamed


@dataclass(frozen=True)
class PartnerCounts:
    """Active partners: all of them, those in the public directory and the others."""

    active: int
    listed: int

    @property
    def unlisted(self) -> int:
        return self.active - self.listed


def active_partner_counts() -> PartnerCounts:
    """One query, kept per content generation (core.content_cache); the home page's key
    figure and the directory both show these numbers, so they agree (the directory lists
    `listed`, the key figure counts `active`)."""
    return remember("partners.active_counts", _count_active_partners)


def _count_active_partners() -> PartnerCounts:
    listed = Q(status=Partner.Status.ACTIVE, public_listing=True)
    counts = Partner.objects.active().aggregate(
        active=Count("pk"), listed=Count("pk", filter=listed)
    )
    return PartnerCounts(active=counts["active"], listed=counts["listed"])
