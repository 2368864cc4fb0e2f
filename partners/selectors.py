"""Reads about partners used by several pages (dashboards, directory, annual report)."""

from collections import OrderedDict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from core import request_memo
from core.content_cache import remember
from core.registry import partner_profile

from .models import Body, Declaration, Membership, Partner, Signature
from .roles import contact_partner_id


def partner_of(user) -> Partner | None:
    """The partner organisation the user acts for, or None."""
    partner_id = contact_partner_id(user)
    if partner_id is None:
        return None
    if getattr(user, "_contact_partner", None) is None:
        user._contact_partner = remember(
            f"partner-row:{partner_id}",
            lambda: Partner.objects.select_related("sector").get(pk=partner_id),
        )
    return user._contact_partner


def partner_status_counts() -> list[tuple[str, int]]:
    """Number of partners per status, in the order of the life cycle."""
    counts = dict(
        Partner.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [(label, counts.get(value, 0)) for value, label in Partner.Status.choices]


@dataclass(frozen=True)
class CommitmentStatus:
    partner: Partner
    signature: Signature | None  # latest confirmed signature
    signed_current: bool
    projects_led: int
    projects_participating: int

    @property
    def project_count(self) -> int:
        return self.projects_led + self.projects_participating

    @property
    def missing(self) -> list[str]:
        from django.utils.translation import gettext as _

        gaps = []
        if self.signature is None:
            gaps.append(_("a confirmed signature of the declaration"))
        elif not self.signed_current:
            gaps.append(_("a signature of the current version of the declaration"))
        if self.project_count == 0:
            gaps.append(_("at least one CO2 reduction project"))
        return gaps


def _project_counts(partner_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Published projects a partner leads and published projects in which its participation
    is confirmed (DESIGN.md, commitment): drafts, submitted or returned projects and
    invitations it has not confirmed count for nothing. Credited projects count like the
    others (the project itself checks that they started before the partner joined)."""
    if not apps.is_installed("projects") or not partner_ids:
        return {}
    try:
        Project = apps.get_model("projects", "Project")
        Participation = apps.get_model("projects", "Participation")
    except LookupError:
        return {}
    led = dict(
        Project.objects.published()
        .filter(lead_partner_id__in=partner_ids)
        .values_list("lead_partner_id")
        .annotate(n=Count("id"))
    )
    participating = dict(
        Participation.objects.confirmed()
        .filter(partner_id__in=partner_ids, project__publication=Project.Publication.PUBLISHED)
        .exclude(project__lead_partner_id=F("partner_id"))
        .values_list("partner_id")
        .annotate(n=Count("project_id", distinct=True))
    )
    return {pid: (led.get(pid, 0), participating.get(pid, 0)) for pid in partner_ids}


def commitment_status(partners=None) -> list[CommitmentStatus]:
    """For each active partner (or the given ones): signature and project counts.

    A fixed number of queries whatever the number of partners.
    """
    current = Declaration.objects.current()
    confirmed = Signature.objects.filter(confirmed_at__isnull=False).select_related("declaration")
    queryset = partners if partners is not None else Partner.objects.active()
    partner_list = list(
        queryset.select_related("sector").prefetch_related(
            Prefetch("signatures", queryset=confirmed, to_attr="confirmed_signatures")
        )
    )
    counts = _project_counts([p.pk for p in partner_list])
    result = []
    for partner in partner_list:
        signatures = partner.confirmed_signatures
        latest = signatures[0] if signatures else None
        led, participating = counts.get(partner.pk, (0, 0))
        result.append(
            CommitmentStatus(
                partner=partner,
                signature=latest,
                signed_current=bool(current)
                and any(s.declaration_id == current.pk for s in signatures),
                projects_led=led,
                projects_participating=participating,
            )
        )
    return result


def profile_commitment_status(partner: Partner) -> CommitmentStatus:
    """The commitment status the partner profile shows, kept per content generation and day
    (core.content_cache): signatures, declarations and projects are all content."""
    return remember(
        f"partners.commitment_status:{partner.pk}",
        lambda: commitment_status(Partner.objects.filter(pk=partner.pk))[0],
    )


def signing_state(partner: Partner, current: Declaration | None) -> tuple[bool, Signature | None]:
    """Whether the partner still has to sign the current version (no signature of it,
    confirmed or not), and its latest signature awaiting confirmation. One query."""
    relevant = Q(confirmed_at__isnull=True)
    if current:
        relevant |= Q(declaration=current)
    signatures = remember(
        f"partners.signing_state:{partner.pk}:{current.pk if current else ''}",
        lambda: list(partner.signatures.filter(relevant)),
    )
    needs_signature = bool(current) and not any(s.declaration_id == current.pk for s in signatures)
    return needs_signature, next((s for s in signatures if s.confirmed_at is None), None)


def profile_context(partner: Partner) -> dict:
    """What the public profile shows of the partner besides itself: its bodies, its commitment
    status and what the apps above add (core.registry.partner_profile: projects, map)."""
    context = {"bodies": partner_bodies(partner), "status": profile_commitment_status(partner)}
    for contribution in partner_profile:
        context.update(contribution(partner))
    return context


def partners_without_project() -> list[CommitmentStatus]:
    """Active partners without a project that counts. The database leaves out every partner
    leading or confirmed in a published project first, so only the few candidates are
    loaded; `_project_counts` then decides with the full rule."""
    candidates = Partner.objects.active()
    if apps.is_installed("projects"):
        Project = apps.get_model("projects", "Project")
        Participation = apps.get_model("projects", "Participation")
        candidates = candidates.exclude(
            pk__in=Project.objects.published().values("lead_partner_id")
        ).exclude(
            pk__in=Participation.objects.confirmed()
            .filter(project__publication=Project.Publication.PUBLISHED)
            .values("partner_id")
        )
    return [status for status in commitment_status(candidates) if status.project_count == 0]


def pending_registrations():
    return Partner.objects.filter(status=Partner.Status.REGISTERED).order_by("created_at")


def signatures_awaiting_confirmation():
    return (
        Signature.objects.filter(confirmed_at__isnull=True)
        .exclude(partner__status=Partner.Status.WITHDRAWN)
        .select_related("partner", "declaration", "signed_by")
        .order_by("created_at")
    )


def active_signatories():
    """Listed partners with their latest confirmed signature, for /erklaerung/."""
    confirmed = Signature.objects.filter(confirmed_at__isnull=False).select_related("declaration")
    return Partner.objects.listed().prefetch_related(
        Prefetch("signatures", queryset=confirmed, to_attr="confirmed_signatures")
    )


# Bodies and memberships -------------------------------------------------------------------


def plenary() -> Body | None:
    return Body.objects.filter(kind=Body.Kind.PLENARY).first()


def member_partners(body: Body, on=None):
    """The partner organisations that belong to the body: all active partners for the
    plenary, partners with a current confirmed membership for a working group."""
    active = Partner.objects.active()
    if body.kind == Body.Kind.PLENARY:
        return active
    members = Membership.objects.current(on).filter(body=body).values("partner_id")
    return active.filter(pk__in=members)


def partners_in_body(body: Body):
    """Listed member organisations of a body, by name (for public pages)."""
    return member_partners(body).filter(public_listing=True).order_by("name")


def partner_bodies(partner: Partner) -> list[Body]:
    """The bodies a partner belongs to: the plenary if active, plus working groups with a
    current confirmed membership. Two queries."""
    if partner.status != Partner.Status.ACTIVE:
        return []
    member_of = Membership.objects.current().filter(partner=partner).values("body_id")
    # Memberships and bodies are content, and "current" depends on the day only: kept per
    # content generation and day (core.content_cache), and once per request on top.
    return request_memo.remember(
        ("partner_bodies", partner.pk),
        lambda: remember(
            f"partners.bodies:{partner.pk}",
            lambda: list(
                Body.objects.filter(Q(kind=Body.Kind.PLENARY) | Q(pk__in=member_of)).order_by(
                    "position", "name"
                )
            ),
        ),
    )


def partner_memberships(partner: Partner):
    """All memberships of a partner that are not ended or rejected (for /mein-bereich/)."""
    today = timezone.localdate()
    return (
        Membership.objects.filter(partner=partner)
        .exclude(status__in=[Membership.Status.REJECTED, Membership.Status.ENDED])
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("body", "representative")
    )


def suggested_working_groups(partner: Partner) -> list[Body]:
    """Working groups fitting the partner's sector where it has no representative yet."""
    if partner.sector_id is None:
        return []
    taken = partner_memberships(partner).values("body_id")
    return list(partner.sector.working_groups.exclude(pk__in=taken).order_by("position"))


def pending_memberships():
    return (
        Membership.objects.pending()
        .select_related("body", "partner", "representative", "proposed_by")
        .order_by("proposed_at")
    )


def body_ids_of_partner(partner_id: int | None) -> set[int]:
    if partner_id is None:
        return set()
    partner = Partner.objects.filter(pk=partner_id).first()
    return {body.pk for body in partner_bodies(partner)} if partner else set()


def memberships_by_body(memberships) -> "OrderedDict[Body, list[Membership]]":
    """Memberships grouped by their body (keeps the queryset's order)."""
    grouped: OrderedDict[Body, list[Membership]] = OrderedDict()
    for membership in memberships:
        grouped.setdefault(membership.body, []).append(membership)
    return grouped
