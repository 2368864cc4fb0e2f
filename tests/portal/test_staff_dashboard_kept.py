"""The staff dashboard's next meetings, annual reports and recent project changes are kept
per content generation and day (issue 21). Which meetings are still to come changes with the
hour: the kept list must give what the database gives at any moment, and every write shows
on the next request."""

import datetime

import pytest
from django.utils import timezone

from core import fragments
from meetings import selectors
from meetings.models import Meeting
from reports.models import AnnualReport
from tests.factories import MeetingFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def live_next(now, limit=5) -> list[int]:
    return list(
        Meeting.objects.filter(state__in=[Meeting.State.DRAFT, Meeting.State.PUBLISHED])
        .upcoming(now=now)
        .values_list("pk", flat=True)[:limit]
    )


def test_the_next_meetings_follow_the_clock_like_the_database():
    fragments.clear()
    # Morning of today: every moment below lies on the same day, the day of the kept list.
    now = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    for hours in (-30, -1, 1, 3, 30, 50, 70, 90, 120):
        start = now + datetime.timedelta(hours=hours)
        MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(minutes=90))
    MeetingFactory(state="abgesagt", starts_at=now + datetime.timedelta(hours=2))
    for moment in (now, now + datetime.timedelta(hours=2), now + datetime.timedelta(hours=5)):
        assert [m.pk for m in selectors.next_meetings(now=moment)] == live_next(moment)


def test_many_meetings_today_fall_back_to_the_database(monkeypatch):
    fragments.clear()
    monkeypatch.setattr(selectors, "NEXT_MEETINGS_KEPT", 3)
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start = now.replace(hour=0, minute=5)
    for minutes in range(0, 40, 10):  # four meetings that ended earlier today
        MeetingFactory(
            starts_at=start + datetime.timedelta(minutes=minutes),
            ends_at=start + datetime.timedelta(minutes=minutes + 5),
        )
    later = [MeetingFactory(starts_at=now + datetime.timedelta(days=d)) for d in (1, 2)]
    assert [m.pk for m in selectors.next_meetings(now=now)] == [m.pk for m in later]


def test_writes_show_on_the_staff_dashboard_at_once(client, staff_user):
    fragments.clear()
    client.force_login(staff_user)
    page = client.get("/stabsstelle/").content.decode()
    assert "Herbstversammlung Buckau" not in page
    meeting = MeetingFactory(title="Herbstversammlung Buckau")
    assert "Herbstversammlung Buckau" in client.get("/stabsstelle/").content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.CANCELLED)
    assert "Herbstversammlung Buckau" not in client.get("/stabsstelle/").content.decode()

    report = AnnualReport.objects.create(year=2025, version=1, requested_by=staff_user)
    assert "2025" in client.get("/stabsstelle/").content.decode()
    before = client.get("/stabsstelle/").content.decode()
    AnnualReport.objects.filter(pk=report.pk).update(state=AnnualReport.State.FAILED)
    assert client.get("/stabsstelle/").content.decode() != before

    project = ProjectFactory(title="Solardach Salbke")
    project.title = "Solardach Westerhüsen"
    project.save()
    assert "Solardach Westerhüsen" in client.get("/stabsstelle/").content.decode()
