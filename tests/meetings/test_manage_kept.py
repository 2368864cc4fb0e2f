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
