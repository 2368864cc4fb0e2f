"""The demo data shows #16: a hybrid meeting with reply modes, people present, a working group
with lead and deputy, a meeting entered after the fact; seeding twice changes nothing."""

from accounts import demo as accounts_demo
from meetings import demo
from meetings.models import Attendance, Meeting, Rsvp
from partners import demo as partners_demo
from partners.models import Membership


def snapshot():
    return (
        Meeting.objects.count(),
        Attendance.people.through.objects.count(),
        list(Rsvp.objects.order_by("pk").values_list("mode", flat=True)),
        list(Membership.objects.order_by("pk").values_list("role", flat=True)),
    )


def test_demo_lifecycle(db):
    accounts_demo.seed()
    partners_demo.seed()
    demo.seed()
    first = snapshot()
    demo.seed()
    assert snapshot() == first
    assert Rsvp.objects.filter(meeting__format="hybrid", mode="online").exists()
    assert Rsvp.objects.filter(meeting__format="hybrid", mode="vor_ort").exists()
    assert Attendance.people.through.objects.exists()
    roles = set(Membership.objects.filter(status="bestaetigt").values_list("role", flat=True))
    assert {"leitung", "stellvertretung", "mitglied"} <= roles
    afterwards = Meeting.objects.get(recorded_afterwards=True)
    assert afterwards.state == Meeting.State.HELD and afterwards.attendances.exists()
