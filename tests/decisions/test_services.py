"""Proposals, positions, closing, numbering, immutability and mails."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from decisions import selectors
from decisions import services as ds
from decisions.models import DecisionCounter, Position, Proposal
from meetings.models import AgendaItem, Attendance
from tests.decisions.conftest import make_contact
from tests.factories import MeetingFactory, PartnerFactory, StaffUserFactory


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.fixture
def alliance(db):
    """Three active partners with one contact each, and a registered (inactive) one."""
    partners = [PartnerFactory(name=n) for n in ("Alpha e.V.", "Beta GmbH", "Gamma AG")]
    contacts = [make_contact(p) for p in partners]
    make_contact(PartnerFactory(name="Neu e.V.", status="registriert"))
    return partners, contacts


def written(staff, plenary, days=3, **kwargs):
    proposal = ds.proposal_create(
        actor=staff,
        title=kwargs.pop("title", "Gemeinsame Wärmeplanung"),
        text="Die Allianz unterstützt die **Wärmeplanung**.",
        body=plenary,
        deadline=timezone.now() + datetime.timedelta(days=days),
        **kwargs,
    )
    return ds.proposal_open(proposal=proposal, actor=staff)


def in_meeting(staff, plenary, present):
    meeting = MeetingFactory(
        body=plenary,
        state="stattgefunden",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Beschluss Radverkehr")
    for partner in present:
        Attendance.objects.create(meeting=meeting, partner=partner)
    proposal = ds.proposal_create(
        actor=staff, title="Radverkehr fördern", text="Text", body=plenary, agenda_item=item
    )
    return ds.proposal_open(proposal=proposal, actor=staff)


def after(proposal, minutes=1):
    return proposal.deadline + datetime.timedelta(minutes=minutes)


def test_written_procedure_silence_counts_as_consent(
    staff, plenary, alliance, django_capture_on_commit_callbacks
):
    partners, contacts = alliance
    with django_capture_on_commit_callbacks(execute=True):
        proposal = written(staff, plenary)
    assert proposal.state == "offen"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in contacts)
    ds.position_state(proposal=proposal, partner=partners[0], actor=contacts[0], value="enthaltung")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert ds.close_overdue_written_procedures(now=after(proposal)) == 1
    proposal.refresh_from_db()
    assert proposal.state == "angenommen"
    assert (proposal.consent_count, proposal.abstain_count, proposal.objection_count) == (2, 1, 0)
    assert proposal.silent_count == 2
    assert proposal.number == f"KA-{timezone.localtime(proposal.deadline).year}-01"
    assert proposal.decided_at == proposal.deadline
    assert "2" in proposal.result_summary
    assert len(mail.outbox) == 4  # three contacts + the Stabsstelle
    assert all("KA-" in m.subject for m in mail.outbox)


def test_objection_with_reason_means_not_adopted_and_is_recorded(staff, plenary, alliance):
    partners, contacts = alliance
    proposal = written(staff, plenary)
    ds.position_state(proposal=proposal, partner=partners[0], actor=contacts[0], value="zustimmung")
    ds.position_state(
        proposal=proposal,
        partner=partners[1],
        actor=contacts[1],
        value="einwand",
        reason="Die Kosten sind nicht geklärt.",
    )
    ds.close_overdue_written_procedures(now=after(proposal))
    proposal.refresh_from_db()
    assert proposal.state == "nicht_angenommen"
    assert proposal.objection_count == 1
    assert "Beta GmbH: Die Kosten sind nicht geklärt." in proposal.result_summary
    assert proposal.number.startswith("KA-")


def test_objection_needs_a_reason(staff, plenary, alliance):
    partners, contacts = alliance
    proposal = written(staff, plenary)
    with pytest.raises(ValidationError) as exc:
        ds.position_state(
            proposal=proposal, partner=partners[0], actor=contacts[0], value="einwand", reason=" "
        )
    assert "reason" in exc.value.error_dict
    assert not Position.objects.exists()


def test_changes_are_kept_and_one_position_is_current(staff, plenary, alliance):
    partners, contacts = alliance
    second = make_contact(partners[0])
    proposal = written(staff, plenary)
    ds.position_state(
        proposal=proposal,
        partner=partners[0],
        actor=contacts[0],
        value="einwand",
        reason="Zu teuer",
    )
    ds.position_state(proposal=proposal, partner=partners[0], actor=second, value="zustimmung")
    rows = list(Position.objects.filter(partner=partners[0]).order_by("stated_at", "pk"))
    assert [(r.value, r.is_current, r.stated_by_id) for r in rows] == [
        ("einwand", False, contacts[0].pk),
        ("zustimmung", True, second.pk),
    ]


def test_refusals(staff, plenary, alliance):
    partners, contacts = alliance
    outsider = make_contact(PartnerFactory(status="registriert"))
    proposal = written(staff, plenary)
    # Only contacts of the partner state its position.
    with pytest.raises(PermissionDenied):
        ds.position_state(
            proposal=proposal, partner=partners[0], actor=contacts[1], value="zustimmung"
        )
    # A partner that is not active states nothing: the rule `decisions.state_position`.
    with pytest.raises(PermissionDenied):
        ds.position_state(
            proposal=proposal,
            partner=outsider.partner_contact.partner,
            actor=outsider,
            value="zustimmung",
        )
    # After the deadline.
    with pytest.raises(ValidationError, match="Frist"):
        ds.position_state(
            proposal=proposal,
            partner=partners[0],
            actor=contacts[0],
            value="zustimmung",
            now=after(proposal),
        )
    # Staff cannot close a written procedure before its deadline.
    with pytest.raises(ValidationError):
        ds.proposal_close(proposal=proposal, actor=staff)
    ds.close_overdue_written_procedures(now=after(proposal))
    proposal.refresh_from_db()
    # Closed: no positions, no changes, no second close, no withdrawal.
    with pytest.raises(ValidationError, match="entschieden"):
        ds.position_state(
            proposal=proposal, partner=partners[0], actor=contacts[0], value="einwand", reason="x"
        )
    with pytest.raises(ValidationError, match="entschieden"):
        ds.proposal_update(proposal=proposal, actor=staff, title="Neu")
    with pytest.raises(ValidationError):
        ds.proposal_close(proposal=proposal, actor=staff, now=after(proposal, 10))
    with pytest.raises(ValidationError):
        ds.proposal_withdraw(proposal=proposal, actor=staff)
    # Contacts create, open, close nothing.
    with pytest.raises(PermissionDenied):
        ds.proposal_create(
            actor=contacts[0],
            title="x",
            text="y",
            body=plenary,
            deadline=timezone.now() + datetime.timedelta(days=2),
        )


def test_deadline_in_the_past_is_refused(staff, plenary):
    with pytest.raises(ValidationError) as exc:
        ds.proposal_create(
            actor=staff,
            title="x",
            text="y",
            body=plenary,
            deadline=timezone.now() - datetime.timedelta(minutes=1),
        )
    assert "deadline" in exc.value.error_dict


def test_meeting_proposal_only_present_partners_take_part(staff, plenary, alliance):
    partners, contacts = alliance
    proposal = in_meeting(staff, plenary, partners[:2])
    ds.position_state(proposal=proposal, partner=partners[0], actor=contacts[0], value="zustimmung")
    with pytest.raises(ValidationError, match="anwesend"):
        ds.position_state(
            proposal=proposal,
            partner=partners[2],
            actor=contacts[2],
            value="einwand",
            reason="nicht da",
        )
    oral = ds.position_state(
        proposal=proposal, partner=partners[1], actor=staff, value="enthaltung", oral=True
    )
    assert oral.note == "mündlich" and oral.stated_by == staff
    with pytest.raises(PermissionDenied):  # only staff close meeting proposals
        ds.proposal_close(proposal=proposal, actor=contacts[0])
    closed = ds.proposal_close(proposal=proposal, actor=staff)
    assert closed.state == "angenommen"
    assert (closed.consent_count, closed.abstain_count, closed.silent_count) == (1, 1, 0)
    assert list(selectors.meeting_decisions(proposal.agenda_item.meeting)) == [closed]


def test_meeting_proposal_without_consent_is_not_adopted(staff, plenary, alliance):
    partners, _contacts = alliance
    proposal = in_meeting(staff, plenary, partners)
    with pytest.raises(ValidationError, match="keine Position"):  # staff confirm first
        ds.proposal_close(proposal=proposal, actor=staff)
    closed = ds.proposal_close(proposal=proposal, actor=staff, missing_confirmed=True)
    assert closed.state == "nicht_angenommen" and closed.silent_count == 0


def test_numbers_are_gap_free_per_year_and_withdrawn_get_none(staff, plenary, alliance):
    first = written(staff, plenary, days=1)
    withdrawn = written(staff, plenary, days=1)
    ds.proposal_withdraw(proposal=withdrawn, actor=staff)
    second = written(staff, plenary, days=2)
    ds.close_overdue_written_procedures(now=after(second))
    first.refresh_from_db()
    second.refresh_from_db()
    withdrawn.refresh_from_db()
    year = timezone.localtime(first.deadline).year
    assert (first.number, second.number) == (f"KA-{year}-01", f"KA-{year}-02")
    assert withdrawn.number is None and withdrawn.state == "zurueckgezogen"
    assert DecisionCounter.objects.get(year=year).last_number == 2


def test_correction_refers_to_a_decided_proposal(staff, plenary, alliance):
    draft = ds.proposal_create(
        actor=staff,
        title="x",
        text="y",
        body=plenary,
        deadline=timezone.now() + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError):
        written(staff, plenary, corrects=draft)
    old = written(staff, plenary, days=1)
    ds.close_overdue_written_procedures(now=after(old))
    old.refresh_from_db()
    correction = written(staff, plenary, title="Korrektur", corrects=old)
    assert list(old.corrections.all()) == [correction]


def test_reminder_once_to_partners_without_position(
    staff, plenary, alliance, django_capture_on_commit_callbacks
):
    partners, contacts = alliance
    proposal = written(staff, plenary, days=5)
    ds.position_state(proposal=proposal, partner=partners[0], actor=contacts[0], value="zustimmung")
    mail.outbox.clear()
    assert ds.send_deadline_reminders() == 0  # five days ahead: not yet
    soon = proposal.deadline - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert ds.send_deadline_reminders(now=soon) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in contacts[1:])
    assert ds.send_deadline_reminders(now=soon) == 0


def test_register_and_dashboard_selectors(staff, plenary, alliance):
    partners, contacts = alliance
    open_one = written(staff, plenary, days=4)
    decided = written(staff, plenary, days=1, title="Entschieden")
    ds.close_overdue_written_procedures(now=after(decided))
    assert list(selectors.open_procedures_awaiting(partners[0])) == [open_one]
    ds.position_state(proposal=open_one, partner=partners[0], actor=contacts[0], value="zustimmung")
    assert list(selectors.open_procedures_awaiting(partners[0])) == []
    assert list(selectors.open_procedures_answered(partners[0])) == [open_one]
    register = list(selectors.decision_register(year=timezone.localtime(decided.deadline).year))
    assert [p.pk for p in register] == [decided.pk]
    entry = register[0]
    assert entry.get_state_display() == "angenommen" or entry.get_state_display()
    assert (entry.consent_count, entry.abstain_count, entry.objection_count) == (3, 0, 0)
    assert list(Proposal.objects.decided_public()) == [decided]


def test_numbers_given_outside_the_service_are_never_repeated(staff, plenary, alliance):
    proposal = written(staff, plenary, days=1)
    year = timezone.localtime(proposal.deadline).year
    Proposal.objects.create(
        title="Importiert",
        text="x",
        body=plenary,
        procedure="umlauf",
        deadline=proposal.deadline,
        state="angenommen",
        number=f"KA-{year}-05",
        decided_at=proposal.deadline,
    )
    ds.close_overdue_written_procedures(now=after(proposal))
    proposal.refresh_from_db()
    assert proposal.number == f"KA-{year}-06"
