"""What a person's erasure means for meetings (a step in core.registry, run inside accounts'
`user_erase` transaction).

A place in a theme circle of a meeting still to come is given back, so the waiting list moves
up. Places in circles of meetings that have begun are history: they stay, and count, held by
the anonymised account. Audit entries name the circle, never the person.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit.services import log_action

from .models import Circle, CircleRegistration
from .services import _move_up


def circle_seats_release_for_user(user: User) -> str:
    upcoming = CircleRegistration.objects.filter(user=user, meeting__starts_at__gt=timezone.now())
    released = 0
    for circle_id in sorted(set(upcoming.values_list("circle_id", flat=True))):
        # The circle row is locked as in circle_register/circle_leave.
        circle = (
            Circle.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=circle_id)
        )
        before = circle.registrations.filter(status=CircleRegistration.Status.REGISTERED).count()
        released += upcoming.filter(circle=circle).delete()[0]
        _move_up(circle)
        after = circle.registrations.filter(status=CircleRegistration.Status.REGISTERED).count()
        log_action(
            obj=circle,
            action="changed",
            changes={"places": {"label": _("places taken"), "old": str(before), "new": str(after)}},
            note=_("A participant's account was deleted; the place was given back."),
        )
    return f"{released} circle place(s) given back" if released else ""


def register() -> None:
    from core.registry import erasure_steps

    erasure_steps.register("meetings.circles", circle_seats_release_for_user, order=20)
