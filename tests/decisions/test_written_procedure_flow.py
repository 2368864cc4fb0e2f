"""Written procedures and closing (#16.4): decided on read after the deadline, closed and
extended by staff, sensible reminders, staff told of objections, the warning before closing a
meeting proposal with silent partners, decided proposals read-only."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.audit.models import AuditEntry
from decisions import services as ds
from decisions.models import Proposal
from tests.decisions.conftest import make_contact
from tests.decisions.test_services import in_meeting
from tests.factories import PartnerFactory, StaffUserFactory


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.fixture
def alliance(db):
    partners = [PartnerFactory(name=n) for n in ("Alpha e.V.", "Beta GmbH", "Gamma AG")]
    return partners, [make_contact(p) for p in partners]


def open_written(staff, plenary, *, opened_at, deadline, title="Umlauf Wärmeplanung"):
    proposal = ds.proposal_create(
        actor=staff, title=title, text="Text", body=plenary, deadline=deadline
    )
    proposal = ds.proposal_open(proposal=proposal, actor=staff, now=opened_at)
    return proposal


def test_after_the_deadline_the_page_shows_the_decision_not_offen(client, staff, plenary, alliance):
    partners, contacts = alliance
    now = timezone.now()
    proposal = open_written(
        staff, plenary, opened_at=now, deadline=now + datetime.timedelta(hours=2)
    )
    Proposal.objects.filter(pk=proposal.pk).update(deadline=now - datetime.timedelta(minutes=1))
    client.force_login(contacts[0])
    html = client.get(f"/beschluesse/{proposal.pk}/").content.decode()
    assert '<span class="status">angenommen</span>' in html
    assert '<span class="status">Offen</span>' not in html
    proposal.refresh_from_db()
    assert proposal.state == "angenommen" and proposal.number
    # The staff list and the register read the same state (nothing waits for the beat task).
    other = open_written(
        staff, plenary, opened_at=now, deadline=now + datetime.timedelta(hours=2), title="Zweiter"
    )
    Proposal.objects.filter(pk=other.pk).update(deadline=now - datetime.timedelta(minutes=1))
    assert "Zweiter" in client.get("/beschluesse/").content.decode()
    assert Proposal.objects.get(pk=other.pk).state == "angenommen"


def test_staff_close_after_the_deadline_and_not_before(client, staff, plenary, alliance):
    now = timezone.now()
    proposal = open_written(
        staff, plenary, opened_at=now, deadline=now + datetime.timedelta(days=2)
    )
    with pytest.raises(ValidationError):
        ds.proposal_close(proposal=proposal, actor=staff)
    closed = ds.proposal_close(
        proposal=proposal, actor=staff, now=proposal.deadline + datetime.timedelta(minutes=1)
    )
    assert closed.state == "angenommen" and closed.closed_by == staff
    assert AuditEntry.objects.filter(action="decided", object_id=str(proposal.pk)).exists()


def test_staff_extend_a_running_procedure_mails_the_partners_and_is_audited(
    staff, plenary, alliance, django_capture_on_commit_callbacks
):
    partners, contacts = alliance
    now = timezone.now()
    proposal = open_written(
        staff, plenary, opened_at=now, deadline=now + datetime.timedelta(days=2)
    )
    mail.outbox.clear()
    new_deadline = now + datetime.timedelta(days=5)
    with pytest.raises(PermissionDenied):
        ds.proposal_extend(proposal=proposal, actor=contacts[0], deadline=new_deadline)
    with pytest.raises(ValidationError):  # not later than the current deadline
        ds.proposal_extend(
            proposal=proposal, actor=staff, deadline=now + datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError):  # in the past
        ds.proposal_extend(
            proposal=proposal, actor=staff, deadline=now - datetime.timedelta(days=1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        extended = ds.proposal_extend(proposal=proposal, actor=staff, deadline=new_deadline)
    assert extended.deadline == new_deadline
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in contacts)
    assert all("verlängert" in m.subject for m in mail.outbox)
    entry = AuditEntry.objects.get(action="extended", object_id=str(proposal.pk))
    assert "deadline" in entry.changes
    # After the deadline it is decided, not extended.
    with pytest.raises(ValidationError):
        ds.proposal_extend(
            proposal=proposal,
            actor=staff,
            deadline=new_deadline + datetime.timedelta(days=9),
            now=new_deadline + datetime.timedelta(minutes=1),
        )


def test_extend_view_shows_errors_on_the_form(client, staff, plenary, alliance):
    now = timezone.now()
    proposal = open_written(
        staff, plenary, opened_at=now, deadline=now + datetime.timedelta(days=2)
    )
    client.force_login(staff)
    url = f"/stabsstelle/beschluesse/{proposal.pk}/verlaengern/"
    response = client.post(url, {"extend-deadline": "kein Datum"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    later = timezone.localtime(now + datetime.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"extend-deadline": later}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.deadline > now + datetime.timedelta(days=3)


@pytest.mark.parametrize(
    ("length", "elapsed", "expected"),
    [
        (datetime.timedelta(days=2), datetime.timedelta(minutes=5), False),  # just opened
        (datetime.timedelta(days=2), datetime.timedelta(hours=23), False),  # first 24 h
        (datetime.timedelta(days=2), datetime.timedelta(hours=25), True),  # half, > 24 h
        (datetime.timedelta(hours=20), datetime.timedelta(hours=19), False),  # never
        (datetime.timedelta(days=14), datetime.timedelta(days=7), False),  # 7 days left
        (datetime.timedelta(days=14), datetime.timedelta(days=12, hours=1), True),
    ],
)
def test_reminder_timing(staff, plenary, alliance, length, elapsed, expected):
    opened = timezone.now() - elapsed
    proposal = open_written(staff, plenary, opened_at=opened, deadline=opened + length)
    assert ds.reminder_due(proposal, timezone.now()) is expected
    assert ds.send_deadline_reminders() == (1 if expected else 0)
    assert ds.send_deadline_reminders() == 0  # at most once


def test_staff_are_mailed_when_an_objection_comes_in(
    staff, plenary, alliance, django_capture_on_commit_callbacks
):
    partners, contacts = alliance
    now = timezone.now()
    proposal = open_written(
        staff, plenary, opened_at=now, deadline=now + datetime.timedelta(days=3)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ds.position_state(
            proposal=proposal, partner=partners[0], actor=contacts[0], value="zustimmung"
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        ds.position_state(
            proposal=proposal,
            partner=partners[1],
            actor=contacts[1],
            value="einwand",
            reason="Zu teuer",
        )
    assert [m.to for m in mail.outbox] == [[settings.STAFF_NOTIFICATION_EMAIL]]
    assert "Einwand" in mail.outbox[0].subject and "Zu teuer" in mail.outbox[0].body


def test_closing_a_meeting_proposal_with_silent_partners_asks_first(
    client, staff, plenary, alliance
):
    partners, contacts = alliance
    proposal = in_meeting(staff, plenary, partners)
    ds.position_state(
        proposal=proposal, partner=partners[0], actor=staff, value="zustimmung", oral=True
    )
    client.force_login(staff)
    url = f"/stabsstelle/beschluesse/{proposal.pk}/schliessen/"
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beta GmbH" in html and "Gamma AG" in html and "Alpha e.V." not in html.split("<ul>")[-1]
    assert Proposal.objects.get(pk=proposal.pk).state == "offen"
    assert client.post(url, {"bestaetigt": "1"}).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).state == "angenommen"


def test_a_decided_proposal_is_read_only(client, staff, plenary, alliance):
    now = timezone.now()
    proposal = open_written(
        staff, plenary, opened_at=now, deadline=now + datetime.timedelta(days=1)
    )
    decided = ds.proposal_close(proposal=proposal, now=proposal.deadline)
    client.force_login(staff)
    html = client.get(f"/stabsstelle/beschluesse/{decided.pk}/bearbeiten/").content.decode()
    assert 'name="title"' not in html and '<form method="post" class="card"' not in html
    response = client.post(
        f"/stabsstelle/beschluesse/{decided.pk}/bearbeiten/", {"title": "Neu", "text": "x"}
    )
    assert response.status_code == 200
    assert Proposal.objects.get(pk=decided.pk).title == proposal.title
    for call in (
        lambda: ds.proposal_update(proposal=decided, actor=staff, title="Neu"),
        lambda: ds.proposal_withdraw(proposal=decided, actor=staff),
        lambda: ds.proposal_extend(
            proposal=decided, actor=staff, deadline=now + datetime.timedelta(days=9)
        ),
        lambda: ds.comment_add(proposal=decided, actor=staff, text="Noch etwas"),
    ):
        with pytest.raises(ValidationError):
            call()


def test_anonymous_visitors_see_the_decision_right_after_the_deadline(client, staff, plenary):
    PartnerFactory()
    now = timezone.now()
    proposal = open_written(
        staff, plenary, opened_at=now, deadline=now + datetime.timedelta(hours=2)
    )
    assert client.get(f"/beschluesse/{proposal.pk}/").status_code == 404  # open: not public
    Proposal.objects.filter(pk=proposal.pk).update(deadline=now - datetime.timedelta(minutes=1))
    response = client.get(f"/beschluesse/{proposal.pk}/")
    assert response.status_code == 200
    assert '<span class="status">angenommen</span>' in response.content.decode()
