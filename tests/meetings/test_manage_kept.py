"""The staff meeting page keeps its unbound forms (attendance, document, action item) per
meeting and content generation (issue 21): a new partner, a bulk rename and recorded
attendance show on the next request, and a failed submit still shows the person's input."""

import re

import pytest

from core import fragments
from partners.models import Partner
from tests.factories import MeetingFactory, PartnerFactory, _in_days

pytestmark = pytest.mark.django_db


def test_the_forms_follow_new_partners_and_bulk_renames(client, staff_user):
    fragments.clear()
    meeting = MeetingFactory(starts_at=_in_days(-1))
    client.force_login(staff_user)
    url = f"/stabsstelle/termine/{meeting.pk}/"
    assert "Elbwerk Rothensee" not in client.get(url).content.decode()
    partner = PartnerFactory(name="Elbwerk Rothensee")
    page = client.get(url).content.decode()
    # In the attendance checkboxes and in the action item form's partner select.
    assert page.count("Elbwerk Rothensee") >= 2
    Partner.objects.filter(pk=partner.pk).update(name="Hafenwerk Rothensee")
    page = client.get(url).content.decode()
    assert "Hafenwerk Rothensee" in page and "Elbwerk Rothensee" not in page


def test_recorded_attendance_is_checked_on_the_next_request(client, staff_user):
    fragments.clear()
    meeting = MeetingFactory(starts_at=_in_days(-1))
    partner = PartnerFactory(name="Elbwerk Rothensee")
    client.force_login(staff_user)
    url = f"/stabsstelle/termine/{meeting.pk}/"

    def checked() -> bool:
        page = client.get(url).content.decode()
        pattern = rf'<input[^>]*name="attendance-partners"[^>]*value="{partner.pk}"[^>]*>'
        (tag,) = re.findall(pattern, page)
        return " checked" in tag

    assert not checked()
    client.post(f"{url}anwesenheit/", {"attendance-partners": [partner.pk]})
    assert checked()


def test_a_warm_meeting_page_builds_no_form_and_reads_only_the_meeting(
    client, staff_user, monkeypatch
):
    """The page's parts and its empty forms are kept: a second visit asks the database for
    the session, the account and the meeting, and builds none of the five forms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings import forms as meeting_forms

    fragments.clear()
    meeting = MeetingFactory(starts_at=_in_days(-1))
    PartnerFactory(name="Elbwerk Rothensee")
    client.force_login(staff_user)
    url = f"/stabsstelle/termine/{meeting.pk}/"
    first = client.get(url).content.decode()
    built = []
    for name in (
        "AgendaItemForm",
        "CircleForm",
        "AttendanceForm",
        "DocumentForm",
        "ActionItemForm",
    ):
        form_class = getattr(meeting_forms, name)
        original = form_class.__init__

        def counting(self, *args, _original=original, _name=name, **kwargs):
            built.append(_name)
            _original(self, *args, **kwargs)

        monkeypatch.setattr(form_class, "__init__", counting)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url).content.decode()
    assert built == []
    assert len(queries) <= 4, [q["sql"][:80] for q in queries.captured_queries]
    assert second.count("Elbwerk Rothensee") == first.count("Elbwerk Rothensee") >= 2
