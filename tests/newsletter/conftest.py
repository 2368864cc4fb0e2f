import re

import pytest
from django.core import mail
from django.core.cache import cache

from news import services as news_services
from tests.factories import StaffUserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.fixture
def post(staff):
    return news_services.post_create(
        author=staff,
        title="Neue Ladesäulen am Hasselbachplatz",
        teaser="Zwölf neue Ladepunkte.",
        body="Text",
    )


def subscribe(client, committed, email, topics=(), **extra):
    data = {"email": email, "consent": "on", "topics": list(topics)}
    with committed():
        return client.post("/newsletter/", data, **extra)


def links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def confirm_link(message) -> str:
    return next(url for url in links(message.body) if "/newsletter/bestaetigen/" in url)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def html_part(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def outbox_to(address: str):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture(autouse=True)
def _issue_task_in_process(request, monkeypatch):
    """The issue's sending task runs here (as in eager mode), whatever broker is set."""
    if request.node.get_closest_marker("celery_worker"):
        return
    from newsletter import tasks

    monkeypatch.setattr(
        tasks.send_issue, "delay", lambda issue_id: tasks.issue_deliver(issue_id=issue_id)
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block queued on commit (mails, tasks) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
