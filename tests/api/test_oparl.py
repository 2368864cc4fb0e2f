"""OParl 1.1 at /oparl/v1/system: each object's required fields and types (OParl/spec,
schema/*.json of version 1.1), object lists with pagination and the time filters, and every
URL the objects link to answers 200. Only public objects, no person names."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import SECRETS

T = "https://schema.oparl.org/1.1/"
URL = "url"
# Required properties and the types of the properties this server gives (OParl 1.1).
SCHEMAS = {
    "System": {
        "required": ["id", "type", "oparlVersion", "body"],
        "types": {
            "oparlVersion": str,
            "otherOparlVersions": list,
            "license": URL,
            "body": URL,
            "name": str,
            "contactName": str,
            "website": URL,
            "web": URL,
        },
    },
    "Body": {
        "required": [
            "id",
            "type",
            "name",
            "organization",
            "person",
            "meeting",
            "paper",
            "legislativeTerm",
        ],
        "types": {
            "system": URL,
            "shortName": str,
            "name": str,
            "website": URL,
            "license": URL,
            "classification": str,
            "contactName": str,
            "organization": URL,
            "person": URL,
            "meeting": URL,
            "paper": URL,
            "agendaItem": URL,
            "consultation": URL,
            "file": URL,
            "membership": URL,
            "legislativeTermList": URL,
            "legislativeTerm": list,
            "web": URL,
        },
    },
    "Organization": {
        "required": ["id", "type"],
        "types": {
            "body": URL,
            "name": str,
            "organizationType": str,
            "classification": str,
            "meeting": URL,
            "membership": list,
            "web": URL,
        },
    },
    "Meeting": {
        "required": ["id", "type"],
        "types": {
            "name": str,
            "meetingState": str,
            "cancelled": bool,
            "start": "date-time",
            "end": "date-time",
            "organization": [URL],
            "participant": list,
            "auxiliaryFile": list,
            "agendaItem": list,
            "web": URL,
            "created": "date-time",
            "modified": "date-time",
        },
    },
    "AgendaItem": {
        "required": ["id", "type"],
        "types": {
            "meeting": URL,
            "number": str,
            "order": int,
            "name": str,
            "public": bool,
            "consultation": URL,
            "result": str,
            "resolutionText": str,
            "web": URL,
            "created": "date-time",
            "modified": "date-time",
        },
    },
    "Paper": {
        "required": ["id", "type"],
        "types": {
            "body": URL,
            "name": str,
            "reference": str,
            "date": "date",
            "paperType": str,
            "consultation": list,
            "web": URL,
            "created": "date-time",
            "modified": "date-time",
        },
    },
    "Consultation": {
        "required": ["id", "type"],
        "types": {
            "paper": URL,
            "agendaItem": URL,
            "meeting": URL,
            "organization": [URL],
            "authoritative": bool,
            "role": str,
            "created": "date-time",
            "modified": "date-time",
        },
    },
    "File": {
        "required": ["id", "type", "accessUrl"],
        "types": {
            "name": str,
            "fileName": str,
            "mimeType": str,
            "size": int,
            "date": "date",
            "accessUrl": URL,
            "downloadUrl": URL,
            "fileLicense": URL,
            "meeting": [URL],
            "created": "date-time",
            "modified": "date-time",
        },
    },
}
# Objects embedded in another one, with the object's property that holds them.
EMBEDDED = {
    ("Meeting", "agendaItem"): "AgendaItem",
    ("Meeting", "auxiliaryFile"): "File",
    ("Paper", "consultation"): "Consultation",
}


def is_url(value) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def check_type(value, expected) -> bool:
    if expected == URL:
        return is_url(value)
    if expected == "date-time":
        return isinstance(value, str) and datetime.datetime.fromisoformat(value).tzinfo is not None
    if expected == "date":
        return isinstance(value, str) and bool(datetime.date.fromisoformat(value))
    if isinstance(expected, list):
        return isinstance(value, list) and all(check_type(v, expected[0]) for v in value)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def check_object(obj: dict, *, embedded: bool = False) -> list[str]:
    problems = []
    kind = obj.get("type", "").removeprefix(T)
    schema = SCHEMAS.get(kind)
    if schema is None:
        return [f"unknown type {obj.get('type')!r}"]
    for name in schema["required"]:
        if name not in obj:
            problems.append(f"{kind} without {name}")
    if not is_url(obj.get("id")):
        problems.append(f"{kind} id {obj.get('id')!r}")
    for name, value in obj.items():
        if name in ("id", "type"):
            continue
        if name not in schema["types"]:
            problems.append(f"{kind}.{name} is not a property this test knows")
            continue
        if (kind, name) in EMBEDDED:
            for child in value:
                problems += check_object(child, embedded=True)
            continue
        if not check_type(value, schema["types"][name]):
            problems.append(f"{kind}.{name} = {value!r} is not {schema['types'][name]}")
    return problems


def links(value):
    """Every URL in an OParl answer."""
    if isinstance(value, dict):
        for child in value.values():
            yield from links(child)
    elif isinstance(value, list):
        for child in value:
            yield from links(child)
    elif is_url(value):
        yield value


def get(client, url, status=200):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(path)
    assert response.status_code == status, (url, response.status_code)
    return response


def crawl(client, start):
    """Follows every link of this server from `start`; returns {url: json or None}."""
    seen, queue = {}, [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = get(client, url)
        data = response.json() if response["Content-Type"].startswith("application/json") else None
        seen[url] = data
        if data is not None and "/oparl/" in url:
            for link in links(data):
                if urlsplit(link).netloc == "testserver" and link not in seen:
                    queue.append(link)
    return seen


def test_every_object_is_valid_and_every_link_answers(client, public_world):
    pages = crawl(client, "http://testserver" + reverse("api:oparl-system"))
    problems = []
    objects = {}
    for url, data in pages.items():
        if data is None or "/oparl/" not in url:
            continue
        if "data" in data:
            assert set(data) == {"data", "pagination", "links"}, url
            assert {"totalElements", "elementsPerPage", "currentPage", "totalPages"} <= set(
                data["pagination"]
            )
            for obj in data["data"]:
                problems += check_object(obj)
                objects.setdefault(obj["type"], set()).add(obj["id"])
        else:
            problems += check_object(data)
            objects.setdefault(data["type"], set()).add(data["id"])
    assert not problems, "\n".join(problems)
    kinds = {kind.removeprefix(T) for kind in objects}
    assert kinds == {
        "System",
        "Body",
        "Organization",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
    }
    assert len(objects[T + "Organization"]) == 5  # the plenary and four working groups
    # A page of the portal and the public document are linked and answer too.
    assert any(url.endswith(public_world.public_document.get_absolute_url()) for url in pages)
    for url in pages:
        if "/oparl/" in url:
            content = get(client, url).content.decode()
            leaked = [secret for secret in SECRETS if secret in content]
            assert not leaked, (url, leaked)


def test_system_and_body(client, public_world):
    system = get(client, reverse("api:oparl-system")).json()
    assert system["type"] == T + "System" and system["oparlVersion"] == T
    bodies = get(client, system["body"]).json()
    assert bodies["pagination"]["totalElements"] == 1
    body = bodies["data"][0]
    assert body["name"] == "Magdeburger Klimaallianz" and body["legislativeTerm"] == []
    for key in ("person", "membership", "legislativeTermList"):
        empty = get(client, body[key]).json()
        assert empty["data"] == [] and empty["pagination"]["totalElements"] == 0


def test_meeting_agenda_item_paper_consultation(client, public_world):
    meeting = get(client, reverse("api:oparl-meeting", args=[public_world.meeting.pk])).json()
    assert [f["name"] for f in meeting["auxiliaryFile"]] == ["Öffentliche Folien"]
    (item,) = meeting["agendaItem"]
    assert item["name"] == "Gemeinsamer Schritt" and item["result"] == "angenommen"
    assert "beschließt" in item["resolutionText"]
    assert "presenter" not in item
    consultation = get(client, item["consultation"]).json()
    paper = get(client, consultation["paper"]).json()
    assert paper["reference"] == "KA-2026-01"
    assert consultation["agendaItem"] == item["id"]
    assert get(client, consultation["agendaItem"]).json()["meeting"] == meeting["id"]
    written = get(
        client, reverse("api:oparl-paper", args=[public_world.written_decision.pk])
    ).json()
    assert "agendaItem" not in written["consultation"][0]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("api:oparl-meeting", "draft_meeting"),
        ("api:oparl-agenda-item", "draft_agenda_item"),
        ("api:oparl-file", "internal_document"),
        ("api:oparl-file", "draft_meeting_document"),
        ("api:oparl-paper", "open_proposal"),
        ("api:oparl-paper", "draft_proposal"),
        ("api:oparl-consultation", "open_proposal"),
    ],
)
def test_hidden_objects_are_404(client, public_world, name, key):
    response = client.get(reverse(name, args=[public_world.objects[key].pk]))
    assert response.status_code == 404
    assert response.json()["message"]


def test_unknown_body_and_organization_are_404(client, public_world):
    assert client.get(reverse("api:oparl-body", args=["andere"])).status_code == 404
    assert client.get(reverse("api:oparl-meetings", args=["andere"])).status_code == 404
    assert client.get(reverse("api:oparl-organization", args=["gibt-es-nicht"])).status_code == 404


def test_list_pagination_and_time_filters(client, public_world, monkeypatch):
    from api import oparl

    monkeypatch.setattr(oparl, "PAGE_SIZE", 1)
    url = reverse("api:oparl-meetings", args=["klimaallianz"])
    first = get(client, url).json()
    assert first["pagination"] == {
        "totalElements": 2,
        "elementsPerPage": 1,
        "currentPage": 1,
        "totalPages": 2,
    }
    assert "prev" not in first["links"] and first["links"]["next"].endswith("page=2")
    second = get(client, first["links"]["next"]).json()
    assert second["data"][0]["id"] != first["data"][0]["id"] and "next" not in second["links"]
    assert client.get(url, {"page": 3}).status_code == 404
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    for name in ("created_since", "modified_since"):
        assert (
            get(client, url + "?" + name + "=2000-01-01").json()["pagination"]["totalElements"] == 2
        )
        response = client.get(url, {name: future})
        assert response.json()["data"] == []
    assert client.get(url, {"created_until": "2000-01-01"}).json()["data"] == []
    # The filters stay in the links.
    filtered = client.get(url, {"modified_since": "2000-01-01"}).json()
    assert "modified_since=2000-01-01" in filtered["links"]["next"]
    bad = client.get(url, {"modified_since": "morgen"})
    assert bad.status_code == 400 and "ISO 8601" in bad.json()["message"]


def test_throttled_like_the_api(client, public_world, settings):
    settings.API_RATE_LIMIT = "2/min"
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("api:oparl-system")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
