"""A small public world for the read API, OParl and the open-data pages: beside every public
object stands one that must never appear (unpublished, unlisted, internal, pending)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import (
    MeetingFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectResultFactory,
    StaffUserFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Texts of objects no public interface may show, whatever the endpoint or id.
SECRETS = [
    "Entwurf Geheimprojekt",
    "entwurf-geheimprojekt",
    "Ungenannt Stadtwerke",
    "ungenannt-stadtwerke",
    "Registriert Noch AG",
    "Geheime Vorbesprechung",
    "Internes Protokoll",
    "geheimer-raum-4711",
    "Interne Notiz im Protokoll",
    "Offener Umlauf",
    "Entwurf eines Beschlusses",
    "Noch nicht veröffentlicht",
    "Neuer Titel in Prüfung",
    "777.7",
    "Frau Vortragende",
    "Stefanie Stab",
    "Im Konsens angenommen.",  # the stored result text is for active partners and staff
    "Genannt Energie GmbH: Einwand",
]


@dataclass
class PublicWorld:
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def build_public_world() -> PublicWorld:
    from climate.models import CityEmissions
    from decisions.models import Position, Proposal
    from meetings import services as meeting_services
    from meetings.models import AgendaItem
    from news import services as news_services
    from partners.models import Body
    from projects.models import Participation, ProjectRevision, ResultRevision

    o = {}
    staff = StaffUserFactory(name="Stefanie Stab")
    o["staff"] = staff
    listed = PartnerFactory(
        name="Genannt Energie GmbH", slug="genannt-energie", joined_on=datetime.date(2020, 1, 1)
    )
    unlisted = PartnerFactory(
        name="Ungenannt Stadtwerke", slug="ungenannt-stadtwerke", public_listing=False
    )
    registered = PartnerFactory(
        name="Registriert Noch AG", slug="registriert-noch", status="registriert"
    )
    o.update(listed=listed, unlisted=unlisted, registered=registered)

    project = ProjectFactory(
        title="Solardach Genannt", slug="solardach-genannt", lead_partner=listed
    )
    Participation.objects.create(project=project, partner=unlisted, state="bestaetigt")
    o["project"] = project
    o["result"] = ProjectResultFactory(
        project=project, year=2022, achieved_reduction=Decimal("80.5")
    )
    # A pending revision of the published project: new title and a new result, not approved.
    revision = ProjectRevision.objects.create(
        project=project, changes={"title": "Neuer Titel in Prüfung"}
    )
    ResultRevision.objects.create(revision=revision, year=2023, achieved_reduction=Decimal("777.7"))
    o["unlisted_project"] = ProjectFactory(
        title="Wärmepumpe Stadtwerke", slug="waermepumpe-stadtwerke", lead_partner=unlisted
    )
    o["draft"] = ProjectFactory(
        title="Entwurf Geheimprojekt",
        slug="entwurf-geheimprojekt",
        lead_partner=listed,
        publication="entwurf",
    )

    plenary = Body.objects.get(slug="allianzversammlung")
    working_group = Body.objects.get(slug="energiesysteme-stromnutzung")
    o.update(plenary=plenary, working_group=working_group)
    meeting = MeetingFactory(body=plenary, title="Allianzversammlung Herbst")
    o["meeting"] = meeting
    o["agenda_item"] = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Gemeinsamer Schritt", presenter="Frau Vortragende"
    )
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
    meeting.minutes = "Interne Notiz im Protokoll"
    meeting.save(update_fields=["minutes"])
    o["wg_meeting"] = MeetingFactory(
        body=working_group,
        title="Sitzung Energie",
        format="hybrid",
        online_link="https://meet.example.org/geheimer-raum-4711",
    )
    o["draft_meeting"] = MeetingFactory(
        body=plenary, title="Geheime Vorbesprechung", state="entwurf"
    )
    o["draft_agenda_item"] = AgendaItem.objects.create(
        meeting=o["draft_meeting"], position=1, title="Geheime Vorbesprechung TOP"
    )
    o["draft_meeting_document"] = meeting_services.document_upload(
        meeting=o["draft_meeting"],
        actor=staff,
        title="Geheime Vorbesprechung Folien",
        file=SimpleUploadedFile("vor.pdf", PDF_BYTES),
        visibility="oeffentlich",
    )

    decided_at = timezone.now() - datetime.timedelta(days=3)
    o["decision"] = Proposal.objects.create(
        title="Gemeinsamer Schritt beschlossen",
        text="Die Allianz **beschließt** einen gemeinsamen Schritt.",
        body=plenary,
        procedure="sitzung",
        agenda_item=o["agenda_item"],
        state="angenommen",
        number="KA-2026-01",
        decided_at=decided_at,
        consent_count=3,
        participant_count=3,
        result_summary="Im Konsens angenommen.",
    )
    o["written_decision"] = Proposal.objects.create(
        title="Umlauf beschlossen",
        text="Im Umlaufverfahren.",
        body=working_group,
        procedure="umlauf",
        deadline=decided_at,
        state="nicht_angenommen",
        number="KA-2026-02",
        decided_at=decided_at + datetime.timedelta(hours=1),
        objection_count=1,
        participant_count=2,
    )
    # Who objected is not public, the reason is (as on the decision's page).
    Position.objects.create(
        proposal=o["written_decision"],
        partner=listed,
        value="einwand",
        reason="Zu früh für diesen Schritt.",
        stated_by=staff,
    )
    soon = timezone.now() + datetime.timedelta(days=7)
    o["open_proposal"] = Proposal.objects.create(
        title="Offener Umlauf",
        text="Offen",
        body=plenary,
        procedure="umlauf",
        deadline=soon,
        state="offen",
    )
    o["draft_proposal"] = Proposal.objects.create(
        title="Entwurf eines Beschlusses",
        text="Entwurf",
        body=plenary,
        procedure="umlauf",
        deadline=soon,
        state="entwurf",
    )

    o["post"] = news_services.post_create(
        author=staff, title="Neue Partner", teaser="Drei sind beigetreten.", body="Schön."
    )
    o["draft_post"] = news_services.post_create(
        author=staff,
        title="Noch nicht veröffentlicht",
        teaser="Entwurf",
        body="Entwurf",
        publish_at=timezone.now() + datetime.timedelta(days=30),
    )
    o["emissions"] = CityEmissions.objects.create(
        year=2022, total_t=Decimal("1500000"), population=240_000, source="Stadt Magdeburg"
    )
    return PublicWorld(o)


@pytest.fixture
def public_world(db):
    return build_public_world()


@pytest.fixture
def api_client(client):
    return client


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    # Tests request many pages from one address; test_throttling sets its own limit.
    settings.API_RATE_LIMIT = "10000/min"
