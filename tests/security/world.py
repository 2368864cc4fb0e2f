"""A small world of real objects for the security tests: every URL of the portal can be
resolved with kwargs taken from it.

Roles (DESIGN.md's role table, with the partner states):
- "anon": anonymous citizen;
- "a": contact of partner A (active; A owns the world's projects, invitation, signature, ...);
- "b": contact of partner B (active, another organisation);
- "reg": contact of partner R, registered (self-registered, nothing signed yet);
- "signed": contact of partner S, signed (its signature not yet confirmed by staff);
- "wd": contact of partner W, withdrawn (was active: has a draft project and an invitation);
- "staff": Stabsstelle Klimaschutz; "super": a superuser (not in the staff group).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from meetings import services as meeting_services
from news import services as news_services
from partners import services as partner_services
from partners.commitments import COMMITMENT_KEYS
from partners.models import Body, Membership
from projects import services as project_services
from reports.models import AnnualReport, CityEmissions
from tests.factories import (
    ActionItemFactory,
    CircleFactory,
    DeclarationFactory,
    MeetingFactory,
    MembershipFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectResultFactory,
    StaffUserFactory,
    UserFactory,
)

ROLES = ("anon", "a", "b", "reg", "signed", "wd", "staff", "super")
# The contacts of partners that are not active: nothing internal, nothing new.
NOT_ACTIVE = ("reg", "signed", "wd")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@dataclass
class World:
    partner_a: object
    partner_b: object
    user_a: object
    user_b: object
    staff: object
    objects: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def user(self, role: str):
        return self.users[role]

    def client(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        user = self.user(role)
        if user is not None:
            client.force_login(user)
        return client


def build_world() -> World:
    staff = StaffUserFactory(name="Stefanie Stab")
    partner_a = PartnerFactory(name="Alpha Energie GmbH", slug="alpha-energie")
    partner_b = PartnerFactory(name="Beta Bau eG", slug="beta-bau")
    user_a = UserFactory(name="Anna Alpha")
    user_b = UserFactory(name="Bernd Beta")
    contact_a = partner_services.contact_add(partner=partner_a, user=user_a)
    partner_services.contact_add(partner=partner_b, user=user_b)
    world = World(partner_a, partner_b, user_a, user_b, staff)
    o = world.objects
    o["contact_a"] = contact_a
    world.users.update(anon=None, a=user_a, b=user_b, staff=staff)
    world.users["super"] = UserFactory(
        name="Susanne Super", is_superuser=True, is_staff=True, email="super@example.org"
    )
    # Partners that are not active; W leaves the alliance at the end of build_world().
    for role, state, name, slug, person in (
        ("reg", "registriert", "Rho Registriert e.V.", "rho-registriert", "Rita Rho"),
        ("signed", "registriert", "Sigma Signiert AG", "sigma-signiert", "Sven Sigma"),
        ("wd", "aktiv", "Omega Ausgetreten GmbH", "omega-ausgetreten", "Wanda Omega"),
    ):
        partner = PartnerFactory(name=name, slug=slug, status=state)
        world.users[role] = UserFactory(name=person)
        partner_services.contact_add(partner=partner, user=world.users[role])
        o[f"partner_{role}"] = partner

    # Declaration, A's confirmed signature, an open invitation of A.
    declaration = DeclarationFactory()
    signature = partner_services.partner_sign(
        partner=partner_a,
        declaration=declaration,
        actor=user_a,
        signatory_name="Anna Alpha",
        signatory_function="Geschäftsführerin",
        place="Magdeburg",
        signed_on=datetime.date(2026, 1, 15),
        commitments=list(COMMITMENT_KEYS),
    )
    partner_services.signature_confirm(signature=signature, actor=staff)
    o["signature"] = signature
    o["pending_signature"] = partner_services.partner_sign(
        partner=o["partner_signed"],
        declaration=declaration,
        actor=world.users["signed"],
        signatory_name="Sven Sigma",
        signatory_function="Vorstand",
        place="Magdeburg",
        signed_on=datetime.date(2026, 2, 1),
        commitments=list(COMMITMENT_KEYS),
    )
    o["wd_invitation"] = partner_services.contact_invite(
        partner=o["partner_wd"], email="alt-omega@example.org", actor=world.users["wd"]
    )
    o["invitation"] = partner_services.contact_invite(
        partner=partner_a, email="neu@example.org", actor=user_a
    )

    # Projects of A: published (with a result and an evidence document) and draft.
    published = ProjectFactory(
        title="Solardach Alpha", slug="solardach-alpha", lead_partner=partner_a
    )
    draft = ProjectFactory(
        title="Entwurf Alpha", slug="entwurf-alpha", lead_partner=partner_a, publication="entwurf"
    )
    o["project"] = published
    o["draft"] = draft
    o["wd_draft"] = ProjectFactory(
        title="Entwurf Omega",
        slug="entwurf-omega",
        lead_partner=o["partner_wd"],
        publication="entwurf",
    )
    o["result"] = ProjectResultFactory(
        project=published, year=2022, achieved_reduction=Decimal("80.5")
    )
    o["project_document"] = project_services.project_document_add(
        project=published,
        actor=user_a,
        title="Nachweis",
        file=SimpleUploadedFile("nachweis.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    o["draft_document"] = project_services.project_document_add(
        project=draft,
        actor=user_a,
        title="Entwurfsnachweis",
        file=SimpleUploadedFile("entwurf.pdf", PDF_BYTES, content_type="application/pdf"),
    )

    # B and W (still active) are invited to take part in A's published project; neither has
    # confirmed, so neither sees its internal part.
    project_services.project_update(
        project=published, actor=staff, participants=[partner_b, o["partner_wd"]]
    )

    # News: a published and a draft (future) post.
    o["post"] = news_services.post_create(
        author=staff,
        title="Neue Partner in der Allianz",
        teaser="Drei Organisationen sind beigetreten.",
        body="Die **Allianz** wächst.",
    )
    o["post_with_image"] = news_services.post_create(
        author=staff,
        title="Mit Bild",
        teaser="Ein Bild",
        body="Bild",
        image=SimpleUploadedFile("bild.png", PNG_BYTES, content_type="image/png"),
        image_alt="Ein Solardach",
    )
    o["draft_post"] = news_services.post_create(
        author=staff,
        title="Noch nicht veröffentlicht",
        teaser="Entwurf",
        body="Entwurf",
        publish_at=timezone.now() + datetime.timedelta(days=30),
    )

    # Meetings: a published plenary with agenda, circle, documents and an action item; a
    # published working-group meeting (A is a member, B is not); a draft meeting.
    plenary = Body.objects.get(slug="allianzversammlung")
    working_group = Body.objects.get(slug="energiesysteme-stromnutzung")
    o["working_group"] = working_group
    o["membership"] = MembershipFactory(
        partner=partner_a, representative=user_a, body=working_group
    )
    meeting = MeetingFactory(body=plenary, title="Allianzversammlung Herbst")
    o["meeting"] = meeting
    o["agenda_item"] = meeting_services.agenda_item_add(
        meeting=meeting, actor=staff, title="Begrüßung"
    )
    o["circle"] = CircleFactory(meeting=meeting, title="Wärme")
    meeting_services.circle_register(circle=o["circle"], user=user_a)
    o["action_item"] = ActionItemFactory(meeting=meeting, responsible_partner=partner_a)
    o["public_document"] = meeting_services.document_upload(
        meeting=meeting,
        actor=staff,
        title="Öffentliche Folien",
        file=SimpleUploadedFile("folien.pdf", PDF_BYTES),
        visibility="oeffentlich",
    )
    o["internal_document"] = meeting_services.document_upload(
        meeting=meeting,
        actor=staff,
        title="Internes Protokoll",
        file=SimpleUploadedFile("protokoll.pdf", PDF_BYTES),
        visibility="intern",
        kind="protokoll",
    )
    wg_meeting = MeetingFactory(
        body=working_group,
        title="Sitzung Energie",
        format="hybrid",
        online_link="https://meet.example.org/geheimer-raum-4711",
    )
    o["wg_meeting"] = wg_meeting
    o["wg_internal_document"] = meeting_services.document_upload(
        meeting=wg_meeting,
        actor=staff,
        title="Internes AG-Protokoll",
        file=SimpleUploadedFile("ag.pdf", PDF_BYTES),
        visibility="intern",
        kind="protokoll",
    )
    o["draft_meeting"] = MeetingFactory(
        body=plenary, title="Geheime Vorbesprechung", state="entwurf"
    )

    # Reports: city emissions, a published and an unpublished finished annual report.
    o["emissions"] = CityEmissions.objects.create(
        year=2022, total_t=Decimal("1500000"), population=240_000
    )
    o["report"] = _finished_report(2024, published=True)
    o["unpublished_report"] = _finished_report(2023, published=False)

    _optional_consensus_objects(world)
    partner_services.partner_withdraw(
        partner=o["partner_wd"], actor=staff, left_on=timezone.localdate(), reason="Umzug"
    )
    o["partner_wd"].refresh_from_db()
    return world


def _finished_report(year: int, *, published: bool) -> AnnualReport:
    report = AnnualReport(
        year=year,
        version=1,
        state=AnnualReport.State.DONE,
        requested_at=timezone.now(),
        queued_at=timezone.now(),
        finished_at=timezone.now(),
        published=published,
    )
    report.pdf.save(f"jahresbericht-{year}.pdf", ContentFile(PDF_BYTES), save=False)
    report.size = len(PDF_BYTES)
    if published:
        # The HTML page and the data release are made from the stored snapshot.
        from reports.snapshot import build_snapshot

        report.snapshot = {**build_snapshot(year=year), "version": 1}
    report.save()
    return report


def _optional_consensus_objects(world: World) -> None:
    """Proposals/decisions (meetings/): an open written procedure, a draft and a decided one."""
    try:
        from decisions import services as decision_services
        from decisions.models import Proposal  # noqa: F401
    except ImportError:
        return
    o = world.objects
    plenary = Body.objects.get(slug="allianzversammlung")
    soon = timezone.now() + datetime.timedelta(days=7)

    def create(title):
        return decision_services.proposal_create(
            actor=world.staff,
            title=title,
            text="Die Allianz **beschließt**.",
            body=plenary,
            deadline=soon,
        )

    o["draft_proposal"] = create("Entwurf eines Beschlusses")
    o["open_proposal"] = decision_services.proposal_open(
        proposal=create("Offener Umlauf"), actor=world.staff
    )
    decision_services.position_state(
        proposal=o["open_proposal"],
        partner=world.partner_a,
        actor=world.user_a,
        value="einwand",
        reason="Vertraulicher Einwandgrund",
    )
    o["proposal_comment"] = decision_services.comment_add(
        proposal=o["open_proposal"], actor=world.user_a, text="Ein Beitrag zur Diskussion."
    )
    decided = decision_services.proposal_open(proposal=create("Beschlossen"), actor=world.staff)
    decision_services.position_state(
        proposal=decided,
        partner=world.partner_a,
        actor=world.user_a,
        value="zustimmung",
        reason="",
    )
    o["decided_proposal"] = decision_services.proposal_close(
        proposal=decided, actor=None, now=soon + datetime.timedelta(hours=1)
    )


__all__ = [
    "HTML_BYTES",
    "NOT_ACTIVE",
    "PDF_BYTES",
    "PNG_BYTES",
    "ROLES",
    "Membership",
    "World",
    "build_world",
]
