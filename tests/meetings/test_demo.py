from django.utils import timezone

from accounts import demo as accounts_demo
from meetings import demo, selectors
from meetings.models import ActionItem, Attendance, Circle, Meeting
from partners import demo as partners_demo
from partners.models import Membership


def counts():
    return tuple(m.objects.count() for m in (Meeting, Membership, Circle, ActionItem, Attendance))


def test_demo_meetings_are_idempotent_and_complete(db):
    accounts_demo.seed()
    partners_demo.seed()
    demo.seed()
    first = counts()
    demo.seed()
    assert counts() == first
    year = timezone.localdate().year
    for past_year in range(year - 3, year):
        assert selectors.plenary_rule(past_year).count >= 2
    assert selectors.plenary_rule(year).is_met
    event = Meeting.objects.get(title=f"Klimakreise {year - 1}")
    assert [c.title for c in event.circles.order_by("position")] == [
        "Stadtgrün",
        "Mobilität",
        "Ernährung & Landwirtschaft",
        "Energie",
        "Betriebe",
    ]
    assert all(c.has_results for c in event.circles.all())
    assert ActionItem.objects.overdue().exists()
    assert ActionItem.objects.filter(status="erledigt").exists()
    assert ActionItem.objects.open().filter(due_on__gte=timezone.localdate()).exists()
    assert Membership.objects.pending().exists()
    assert Meeting.objects.public().upcoming().filter(body__kind="facharbeitsgruppe").count() == 4
