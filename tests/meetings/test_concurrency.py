"""The last place of a theme circle under concurrent registrations (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from meetings import services
from meetings.models import CircleRegistration
from tests.factories import CircleFactory, MeetingFactory, PartnerFactory
from tests.meetings.conftest import make_contact


@pytest.mark.postgres
def test_parallel_registrations_never_overfill_a_circle(transactional_db):
    circle = CircleFactory(meeting=MeetingFactory(), capacity=6)
    people = [make_contact(PartnerFactory()) for _ in range(10)]
    barrier = threading.Barrier(len(people))
    errors = []

    def register(user):
        try:
            barrier.wait(timeout=10)
            services.circle_register(circle=circle, user=user)
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    statuses = list(circle.registrations.values_list("status", flat=True))
    assert statuses.count(CircleRegistration.Status.REGISTERED) == 6
    assert statuses.count(CircleRegistration.Status.WAITING) == 4


@pytest.mark.postgres
def test_parallel_leave_moves_up_exactly_one_each(transactional_db):
    circle = CircleFactory(meeting=MeetingFactory(), capacity=6)
    people = [make_contact(PartnerFactory()) for _ in range(9)]
    registrations = [services.circle_register(circle=circle, user=user) for user in people]
    leaving = registrations[:3]
    barrier = threading.Barrier(len(leaving))

    def leave(registration):
        try:
            barrier.wait(timeout=10)
            services.circle_leave(registration=registration, actor=registration.user)
        finally:
            connection.close()

    threads = [threading.Thread(target=leave, args=(r,)) for r in leaving]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    statuses = list(circle.registrations.values_list("status", flat=True))
    assert statuses.count(CircleRegistration.Status.REGISTERED) == 6
    assert statuses.count(CircleRegistration.Status.WAITING) == 0
