"""Reads of the newsletter: what an issue may contain, the archive."""

import datetime

from django.conf import settings
from django.utils import timezone

from core.dates import datetime_short
from decisions.models import Proposal
from meetings.models import Meeting
from news.models import Post
from projects.models import Project

from .models import Issue, Topic

# How far back the first issue looks (later ones look back to the previous issue).
FIRST_ISSUE_DAYS = 60
# At most this many candidates per topic on the compose page.
PER_TOPIC = 30


def since_last_issue() -> datetime.datetime:
    last = Issue.objects.sent().order_by("-sent_at").values_list("sent_at", flat=True).first()
    return last or timezone.now() - datetime.timedelta(days=FIRST_ISSUE_DAYS)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _date(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat() if value else ""


def candidates(*, since: datetime.datetime, window_days: int = 365) -> list[dict]:
    """Public content an issue may point to, newest first per topic, each with `recent`
    (published or decided since `since`, the preselection). Public only: published news,
    decided proposals of the register, public meetings, published projects. Four queries."""
    now = timezone.now()
    floor = now - datetime.timedelta(days=window_days)
    found: list[dict] = []
    posts = (
        Post.objects.published()
        .filter(publish_at__gte=floor)
        .only("pk", "title", "slug", "teaser", "publish_at")
        .order_by("-publish_at")[:PER_TOPIC]
    )
    for post in posts:
        found.append(
            {
                "key": f"{Topic.NEWS}:{post.pk}",
                "topic": Topic.NEWS,
                "title": post.title,
                "url": _absolute(post.get_absolute_url()),
                "date": _date(post.publish_at),
                "summary": post.teaser,
                "recent": post.publish_at >= since,
            }
        )
    decisions = (
        Proposal.objects.decided_public()
        .filter(decided_at__gte=floor)
        .only("pk", "title", "number", "state", "decided_at")
        .order_by("-decided_at")[:PER_TOPIC]
    )
    for proposal in decisions:
        found.append(
            {
                "key": f"{Topic.DECISIONS}:{proposal.pk}",
                "topic": Topic.DECISIONS,
                "title": str(proposal),
                "url": _absolute(proposal.get_absolute_url()),
                "date": _date(proposal.decided_at),
                "summary": str(proposal.get_state_display()),
                "recent": proposal.decided_at >= since,
            }
        )
    # Meetings: those coming up and those held since the last issue.
    meetings = (
        Meeting.objects.public()
        .filter(starts_at__gte=max(since, floor))
        .only("pk", "title", "starts_at", "place", "state")
        .order_by("starts_at")[:PER_TOPIC]
    )
    for meeting in meetings:
        found.append(
            {
                "key": f"{Topic.MEETINGS}:{meeting.pk}",
                "topic": Topic.MEETINGS,
                "title": meeting.title,
                "url": _absolute(meeting.get_absolute_url()),
                "date": _date(meeting.starts_at),
                "summary": ", ".join(
                    part
                    for part in (
                        datetime_short(meeting.starts_at),
                        meeting.place,
                        "" if meeting.state != "abgesagt" else str(meeting.get_state_display()),
                    )
                    if part
                ),
                "recent": meeting.starts_at >= since and meeting.state != "abgesagt",
            }
        )
    projects = (
        Project.objects.published()
        .filter(published_at__gte=floor)
        .only("pk", "title", "slug", "summary", "published_at")
        .order_by("-published_at")[:PER_TOPIC]
    )
    for project in projects:
        found.append(
            {
                "key": f"{Topic.PROJECTS}:{project.pk}",
                "topic": Topic.PROJECTS,
                "title": project.title,
                "url": _absolute(project.get_absolute_url()),
                "date": _date(project.published_at),
                "summary": project.summary,
                "recent": bool(project.published_at and project.published_at >= since),
            }
        )
    return found


def archive():
    return Issue.objects.sent().only("number", "subject", "sent_at").order_by("-number")
