"""Every benchmarked page answers with the same number of queries however large the alliance
is (issue 21): each page is requested once with a small alliance and once after many more
partners, contacts, projects, results, attendances and positions were added."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.models import Position, Proposal
from meetings.models import Attendance, Rsvp
from partners.services import contact_add
from projects.models import Participation
from tests.factories import (
    MeetingFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectResultFactory,
    ProposalFactory,
    StaffUserFactory,
    UserFactory,
)

YEAR = timezone.localdate().year - 1


def grow(lead, meeting, proposal, size: int) -> None:
    """`size` more partners, each with a contact, two published projects with results and
    a draft, a confirmed participation in the lead's project, an RSVP, an attendance and a
    position; the lead partner gets `size` more projects of its own."""
    target = ProjectFactory(lead_partner=lead)
    for _ in range(size):
        partner = PartnerFactory(public_listing=True)
        person = UserFactory()
        contact_add(partner=partner, user=person)
        for _ in range(2):
            project = ProjectFactory(lead_partner=partner, description="Ein **Projekt**.")
            ProjectResultFactory(project=project, year=YEAR, achieved_reduction=Decimal("12.5"))
        ProjectFactory(lead_partner=partner, publication="entwurf")
        ProjectFactory(lead_partner=lead)
        Participation.objects.create(project=target, partner=partner, state="bestaetigt")
        Rsvp.objects.create(
            meeting=meeting, partner=partner, user=person, answer=Rsvp.Answer.YES, people=1
        )
        Attendance.objects.create(meeting=meeting, partner=partner)
        Position.objects.create(
            proposal=proposal, partner=partner, value=Position.Value.CONSENT, is_current=True
        )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def alliance(db):
    lead = PartnerFactory(name="Elbstrom Energie GmbH", public_listing=True)
    contact = UserFactory()
    contact_add(partner=lead, user=contact)
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    proposal = ProposalFactory(state=Proposal.State.OPEN, body=meeting.body)
    grow(lead, meeting, proposal, 2)
    return {
        "lead": lead,
        "contact": contact,
        "staff": StaffUserFactory(),
        "meeting": meeting,
        "proposal": proposal,
    }


def pages(alliance) -> list[tuple[str | None, str]]:
    lead, meeting, proposal = alliance["lead"], alliance["meeting"], alliance["proposal"]
    project = lead.led_projects.order_by("pk").first()
    return [
        (None, "/"),
        (None, "/projekte/"),
        (None, "/projekte/?q=Projekt&status=in_umsetzung&sort=minderung"),
        (None, "/partner/"),
        (None, f"/partner/{lead.slug}/"),
        (None, "/beschluesse/"),
        (None, "/termine/"),
        (None, "/klimabilanz/"),
        (None, "/suche/?q=Projekt"),
        ("contact", "/mein-bereich/"),
        ("contact", "/mein-bereich/projekte/"),
        ("contact", f"/mein-bereich/projekte/{project.slug}/"),
        ("staff", "/stabsstelle/"),
        ("staff", "/stabsstelle/projekte/"),
        ("staff", f"/stabsstelle/termine/{meeting.pk}/"),
        ("staff", f"/stabsstelle/beschluesse/{proposal.pk}/"),
    ]


def test_no_page_needs_more_queries_for_a_larger_alliance(client, alliance, settings):
    settings.PAGE_CACHE_SECONDS = 0

    def measure():
        counts = {}
        for role, url in pages(alliance):
            cache.clear()  # derived figures kept by core.content_cache would hide queries
            client.logout()
            if role:
                client.force_login(alliance[role])
            counts[url] = count_queries(client, url)
        return counts

    measure()  # per-process caches (content types, the site, templates) fill once
    small = measure()
    grow(alliance["lead"], alliance["meeting"], alliance["proposal"], 12)
    large = measure()
    grown = {url: (small[url], large[url]) for url in small if large[url] != small[url]}
    assert grown == {}, "queries (small alliance, large alliance)"


def test_reading_a_page_starts_no_new_generation(client, alliance):
    """A page that wrote content while being read would empty every cache on each visit."""
    from core.page_cache import generation

    writers = []
    for role, url in pages(alliance):
        client.logout()
        if role:
            client.force_login(alliance[role])
        client.get(url)
        before = generation()
        client.get(url)
        if generation() != before:
            writers.append(url)
    assert writers == []
