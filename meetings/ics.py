"""iCalendar (RFC 5545) for meetings: the public feeds and the invitation attachment."""

import datetime
from email.utils import parseaddr
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from core.markdown import render_plain_text

from .models import Meeting

PRODID = "-//Magdeburger Klimaallianz//Klimaschutzportal//DE"


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting: the id and the portal's host name."""
    host = urlparse(settings.SITE_URL).hostname or "klimaportal"
    return f"meeting-{meeting.pk}@{host}"


def meeting_event(
    meeting: Meeting, *, internal: bool = False, organizer: str = ""
) -> icalendar.Event:
    tz = ZoneInfo(settings.TIME_ZONE)
    url = settings.SITE_URL + meeting.get_absolute_url()
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (meeting.updated_at or timezone.now()).astimezone(datetime.UTC))
    event.add("last-modified", (meeting.updated_at or timezone.now()).astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", f"{meeting.body.name}: {meeting.title}")
    location = meeting.place
    if internal and meeting.online_link:
        location = f"{location} / {meeting.online_link}" if location else meeting.online_link
    if location:
        event.add("location", location)
    # Calendars show text, not Markdown.
    description = [render_plain_text(meeting.description), url]
    if internal and meeting.online_link:
        description.insert(1, f"Online: {meeting.online_link}")
    event.add("description", "\n\n".join(part for part in description if part))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.state == Meeting.State.CANCELLED else "CONFIRMED")
    if organizer:
        # RFC 5546: a REQUEST names its organizer, so calendars apply it as an update.
        event.add("organizer", f"mailto:{organizer}", parameters={"cn": "Stabsstelle Klimaschutz"})
    return event


def organizer_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "klimaportal@localhost"


def calendar_bytes(
    meetings, *, name: str, internal: bool = False, method: str = "PUBLISH"
) -> bytes:
    """The calendar file. PUBLISH for feeds and downloads; REQUEST for a change notice to the
    invited, which calendars apply to the entry with the same UID and a higher SEQUENCE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    first = last = None
    for meeting in meetings:
        calendar.add_component(
            meeting_event(
                meeting,
                internal=internal,
                organizer=organizer_address() if method == "REQUEST" else "",
            )
        )
        start = timezone.localtime(meeting.starts_at).date()
        first = start if first is None or start < first else first
        last = start if last is None or start > last else last
    if first is not None:
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366),
            last_date=last + datetime.timedelta(days=366),
        )
    return calendar.to_ical()
