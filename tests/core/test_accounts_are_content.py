"""Accounts are content (issue 21): pages keep what names people (the attendance list and the
action item form of a meeting page, contact lists), so a renamed or deactivated account must
show on the next request. A login only writes last_login, which no page shows: it keeps the
generation, or every login would throw away what every process keeps."""

import pytest
from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core import fragments
from core.page_cache import generation
from partners.services import contact_add
from tests.factories import MeetingFactory, PartnerFactory, UserFactory, _in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_page(client, staff_user):
    fragments.clear()
    meeting = MeetingFactory(starts_at=_in_days(-1))
    partner = PartnerFactory(name="Elbwerk Rothensee")
    person = UserFactory(name="Greta Sudenburg")
    contact_add(partner=partner, user=person)
    client.force_login(staff_user)
    url = f"/stabsstelle/termine/{meeting.pk}/"

    def page() -> str:
        return client.get(url).content.decode()

    return person, page


def test_a_renamed_person_shows_with_the_new_name_on_the_meeting_page(meeting_page):
    person, page = meeting_page
    assert "Greta Sudenburg" in page()
    User.objects.filter(pk=person.pk).update(name="Greta Stadtfeld")
    shown = page()
    assert "Greta Stadtfeld" in shown and "Greta Sudenburg" not in shown


def test_a_deactivated_person_leaves_the_attendance_list(meeting_page):
    person, page = meeting_page
    checkbox = f'name="attendance-people" value="{person.pk}"'
    assert checkbox in page()
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert checkbox not in page()


def test_a_login_keeps_the_generation(user):
    before = generation()
    with CaptureQueriesContext(connection) as queries:
        update_last_login(None, user)
    assert any("last_login" in q["sql"] for q in queries.captured_queries)
    assert generation() == before


def test_a_login_through_the_form_keeps_the_generation(client, user):
    user.set_password("ein-langes-Passwort-42")
    user.save()
    before = generation()
    response = client.post(
        "/konto/login/", {"login": user.email, "password": "ein-langes-Passwort-42"}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).last_login is not None
    assert generation() == before


def test_any_other_change_to_an_account_starts_a_new_generation(user):
    before = generation()
    User.objects.filter(pk=user.pk).update(email="neu@example.org")
    assert generation() > before
    before = generation()
    # The same column as a login, but for every account at once: not a login.
    User.objects.update(last_login=None)
    assert generation() > before
