"""The partner dashboard keeps the partner's project counts, latest projects, participation
requests and reporting per partner and content generation (issue 21); each change shows on
the next request, bulk updates included, and one partner never sees another's."""

import pytest

from core import fragments
from projects.models import Participation, Project
from tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_follows_new_projects_renames_and_invitations(client, partner, contact_user):
    fragments.clear()
    client.force_login(contact_user)
    assert "Solardach Kita" not in client.get("/mein-bereich/").content.decode()
    project = ProjectFactory(lead_partner=partner, title="Solardach Kita", publication="entwurf")
    assert "Solardach Kita" in client.get("/mein-bereich/").content.decode()
    Project.objects.filter(pk=project.pk).update(title="Wärmenetz Kita")
    page = client.get("/mein-bereich/").content.decode()
    assert "Wärmenetz Kita" in page and "Solardach Kita" not in page
    other = ProjectFactory(lead_partner=PartnerFactory(), title="Radwege Buckau")
    Participation.objects.create(project=other, partner=partner, state=Participation.State.INVITED)
    assert "Radwege Buckau" in client.get("/mein-bereich/").content.decode()


def test_another_partner_does_not_see_the_kept_sections(client, partner, contact_user):
    from partners.services import contact_add
    from tests.factories import UserFactory

    fragments.clear()
    ProjectFactory(lead_partner=partner, title="Solardach Kita", publication="entwurf")
    client.force_login(contact_user)
    assert "Solardach Kita" in client.get("/mein-bereich/").content.decode()
    stranger = UserFactory()
    contact_add(partner=PartnerFactory(), user=stranger)
    client.force_login(stranger)
    assert "Solardach Kita" not in client.get("/mein-bereich/").content.decode()


def test_written_procedures_move_from_awaiting_to_answered_and_expire_by_the_minute(
    client, partner, contact_user
):
    import datetime

    from decisions import selectors
    from decisions.models import Position
    from tests.factories import ProposalFactory

    fragments.clear()
    client.force_login(contact_user)
    assert "Umlauf Stadtbäume" not in client.get("/mein-bereich/").content.decode()
    proposal = ProposalFactory(title="Umlauf Stadtbäume", state="offen")
    assert "Umlauf Stadtbäume" in client.get("/mein-bereich/").content.decode()
    assert selectors.open_procedures_awaiting(partner) == [proposal]
    Position.objects.create(proposal=proposal, partner=partner, value="zustimmung")
    assert selectors.open_procedures_awaiting(partner) == []
    assert selectors.open_procedures_answered(partner) == [proposal]
    # Kept for the day, but a deadline that has passed counts at once.
    after_deadline = proposal.deadline + datetime.timedelta(minutes=1)
    assert selectors.open_procedures_answered(partner, now=after_deadline) == []


def test_the_next_meetings_follow_new_meetings_answers_and_the_hour(client, partner, contact_user):
    import datetime

    from django.utils import timezone

    from meetings import selectors
    from meetings.models import Rsvp
    from tests.factories import MeetingFactory

    fragments.clear()
    client.force_login(contact_user)
    assert "Allianzversammlung Hafen" not in client.get("/mein-bereich/").content.decode()
    now = timezone.now()
    meeting = MeetingFactory(
        title="Allianzversammlung Hafen",
        starts_at=now + datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(minutes=10),
    )
    page = client.get("/mein-bereich/").content.decode()
    assert "Allianzversammlung Hafen" in page
    assert selectors.upcoming_meetings_for_partner(partner, now=now) == [meeting]
    # The same day's kept list, asked after the meeting's end: it is no longer upcoming.
    assert (
        selectors.upcoming_meetings_for_partner(partner, now=now + datetime.timedelta(minutes=11))
        == []
    )
    Rsvp.objects.create(meeting=meeting, partner=partner, user=contact_user, answer="zusage")
    rsvps = selectors.rsvps_by_meeting(contact_user, [meeting])
    assert rsvps[meeting.pk].answer == "zusage"


def test_the_contact_list_follows_new_renamed_and_removed_contacts(client, partner, contact_user):
    from accounts.models import User
    from core import fragments
    from partners.models import Contact
    from partners.services import contact_add
    from tests.factories import UserFactory

    fragments.clear()
    client.force_login(contact_user)
    assert "Greta Sudenburg" not in client.get("/mein-bereich/").content.decode()
    colleague = UserFactory(name="Greta Sudenburg")
    contact_add(partner=partner, user=colleague)
    assert "Greta Sudenburg" in client.get("/mein-bereich/").content.decode()
    User.objects.filter(pk=colleague.pk).update(name="Greta Stadtfeld")
    page = client.get("/mein-bereich/").content.decode()
    assert "Greta Stadtfeld" in page and "Greta Sudenburg" not in page
    Contact.objects.filter(user=colleague).delete()
    assert "Greta Stadtfeld" not in client.get("/mein-bereich/").content.decode()
