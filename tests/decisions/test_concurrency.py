"""Positions and numbers under concurrency (PostgreSQL row locks, partial unique index)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from decisions import services as ds
from decisions.models import Position, Proposal
from partners.models import Body
from tests.decisions.conftest import make_contact
from tests.factories import PartnerFactory, StaffUserFactory


def run_parallel(functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            barrier.wait(timeout=10)
            function()
        except Exception as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def open_written(staff, days=3, title="Umlauf"):
    proposal = ds.proposal_create(
        actor=staff,
        title=title,
        text="Text",
        body=Body.objects.get(slug="allianzversammlung"),
        deadline=timezone.now() + datetime.timedelta(days=days),
    )
    return ds.proposal_open(proposal=proposal, actor=staff)


@pytest.mark.postgres
def test_two_contacts_of_one_partner_submit_at_the_same_moment(transactional_db):
    staff = StaffUserFactory()
    partner = PartnerFactory()
    first, second = make_contact(partner), make_contact(partner)
    proposal = open_written(staff)

    def state(user, value):
        return lambda: ds.position_state(
            proposal=proposal, partner=partner, actor=user, value=value, reason="Grund"
        )

    for _round in range(3):
        errors = run_parallel([state(first, "zustimmung"), state(second, "einwand")])
        assert not errors
    rows = Position.objects.filter(proposal=proposal, partner=partner)
    assert rows.filter(is_current=True).count() == 1
    assert rows.count() == 6  # every change is kept
    assert set(rows.values_list("stated_by_id", flat=True)) == {first.pk, second.pk}


@pytest.mark.postgres
def test_partial_unique_index_refuses_a_second_current_row(transactional_db):
    from django.db import IntegrityError

    staff = StaffUserFactory()
    partner = PartnerFactory()
    proposal = open_written(staff)
    Position.objects.create(proposal=proposal, partner=partner, value="zustimmung")
    with pytest.raises(IntegrityError):
        Position.objects.create(proposal=proposal, partner=partner, value="enthaltung")


@pytest.mark.postgres
def test_parallel_closing_gives_gap_free_unique_numbers(transactional_db):
    staff = StaffUserFactory()
    PartnerFactory()
    proposals = [open_written(staff, days=1, title=f"Umlauf {i}") for i in range(8)]
    late = max(p.deadline for p in proposals) + datetime.timedelta(minutes=1)
    errors = run_parallel(
        [(lambda p=p: ds.proposal_close(proposal=p, now=late)) for p in proposals]
        + [lambda: ds.close_overdue_written_procedures(now=late)]
    )
    # The parallel catch-up run finds some already decided: refused cleanly, never twice.
    assert all(e.__class__.__name__ == "ValidationError" for e in errors)
    year = timezone.localtime(proposals[0].deadline).year
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    assert numbers == [f"KA-{year}-{n:02d}" for n in range(1, 9)]
