"""What meetings adds to the portal's composed pages (registered in MeetingsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from core.registry import (
    SearchType,
    Section,
    home_sections,
    partner_dashboard_sections,
    search_types,
    staff_dashboard_sections,
)

from . import selectors
from .models import Meeting


def home_next(user) -> Section:
    meetings = (
        Meeting.objects.public()
        .exclude(state=Meeting.State.CANCELLED)
        .upcoming()
        .select_related("body")[:3]
    )
    return Section(
        "meetings/sections/home_next.html", {"meetings_next_public": list(meetings)}, column=True
    )


def dashboard(user, partner) -> Section:
    context = {"partner": partner, **selectors.partner_dashboard(partner, user)}
    return Section("meetings/includes/partner_dashboard.html", context)


def staff_dashboard(user) -> Section:
    return Section("meetings/includes/staff_dashboard.html", selectors.staff_dashboard(user))


def register() -> None:
    home_sections.register("meetings.next", home_next, order=40)
    partner_dashboard_sections.register("meetings", dashboard, order=40)
    staff_dashboard_sections.register("meetings", staff_dashboard, order=30)
    search_types.register(
        "termine",
        SearchType(
            "termine",
            _("Meetings"),
            "meetings.Meeting",
            ("title", "description", "summary"),
            "public",
        ),
        order=40,
    )
    # Mail kinds and their notification categories (core.notifications).
    register_mail_kinds()


def register_mail_kinds() -> None:
    """Which preference category each meetings mail falls under; a kind not listed goes out
    immediately. Invitations, change notices and cancellations always go at once."""
    from core.notifications import register_kind

    for kind, label in (
        ("meeting.invitation", _("Invitations to meetings")),
        ("meeting.changed", _("Changes to a meeting")),
        ("meeting.cancelled", _("Cancellations of meetings")),
    ):
        register_kind(kind, always_immediate=True, label=label)
    for kind in ("meeting.rsvp_reminder", "circle.moved_up", "membership.proposed"):
        register_kind(kind, "meetings")
    register_kind("membership.decided", "meetings")
    for kind in ("action_item.assigned", "action_item.reminder"):
        register_kind(kind, "tasks")
