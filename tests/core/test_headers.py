"""Every response carries a Permissions-Policy; every private download `Cache-Control: private,
no-store`, while public downloads stay cacheable.

The download check walks the security sweep's table (tests/security/test_url_sweep.py), so a
download view added later is checked as soon as it is in the sweep (which every URL must be)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.downloads import is_attachment
from tests.security.test_url_sweep import SWEEP, url_for
from tests.security.world import ROLES, build_world

OFF = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture", "autoplay")

# Private downloads and a role that may fetch each (the view itself marks them private).
PRIVATE_DOWNLOADS = {
    "projects_partner:document": "a",  # evidence of a draft project
    "projects_partner:document[published]": "a",  # evidence is never public
    "meetings:document[internal]": "a",
    "meetings:document[wg_internal]": "a",
    "partners:certificate": "a",  # the Beitrittsurkunde
    "accounts:my_data_export": "a",
    "accounts:person_export": "staff",
    "meetings:rsvps_csv": "staff",
    "reports:staff_download": "staff",
    "reports:download[unpublished]": "staff",
}
# Public downloads: cacheable for the anonymous public.
# The id-based report download of a published report now redirects to its year (301).
PUBLIC_DOWNLOADS = {"projects:export_csv", "projects:export_json"}
PUBLIC_DOWNLOADS |= {"reports:report_pdf", "reports:report_data"}  # a published year's files
PUBLIC_DOWNLOADS |= {"meetings:document"}  # a public meeting document
PUBLIC_DOWNLOADS |= {"climate:balance_csv"}  # the city balance as open data
PUBLIC_DOWNLOADS |= {"decisions:register_csv"}  # the decision register as open data
PUBLIC_DOWNLOADS |= {"meetings:meeting_ics"}  # a public meeting's calendar entry


@pytest.fixture
def world(db):
    return build_world()


def policy(response) -> dict[str, str]:
    header = response.headers.get("Permissions-Policy", "")
    return dict(part.strip().split("=", 1) for part in header.split(",") if "=" in part)


def test_every_kind_of_response_has_the_permissions_policy(world, client, settings):
    responses = {
        "page": client.get("/"),
        "cached page": (client.get("/aktuelles/"), client.get("/aktuelles/"))[1],
        "404": client.get("/gibt-es-nicht/"),
        "login redirect": client.get("/stabsstelle/"),
        "403": world.client("b").get("/stabsstelle/"),
        "static": client.get("/static/css/portal.css"),
        "health": client.get("/healthz/live"),
        "admin": client.get("/admin/login/"),
        "feed": client.get("/aktuelles/feed/"),
        "download": world.client("a").get(url_for(world, "partners:certificate")),
    }
    settings.UPLOAD_MAX_REQUEST_MB = 0
    responses["413"] = client.post("/barrierefreiheit/", {"f": SimpleUploadedFile("a", b"x")})
    assert responses["413"].status_code == 413
    for kind, response in responses.items():
        features = policy(response)
        for feature in OFF:
            assert features.get(feature) == "()", (kind, feature, features)


def _gets(world):
    """(key, role, response) for every sweep row and role whose GET answers 200."""
    for key, expected in sorted(SWEEP.items()):
        roles = [role for role in ROLES if expected["get"][role] == 200]
        if not roles:
            continue
        url = url_for(world, key)
        for role in roles:
            yield key, role, world.client(role).get(url)


def test_every_download_in_the_sweep_is_private_unless_public(world):
    seen_private, problems = set(), []
    for key, role, response in _gets(world):
        if not is_attachment(response) and key not in PRIVATE_DOWNLOADS:
            continue
        cache_control = response.get("Cache-Control", "")
        if key in PUBLIC_DOWNLOADS:
            # Cacheable for the public; for signed-in people either way.
            if role == "anon" and ("no-store" in cache_control or "private" in cache_control):
                problems.append(f"{key} (public) as {role}: {cache_control!r}")
            continue
        if role == "anon":
            problems.append(f"{key}: an attachment for anonymous users; add it to a list here")
        if cache_control != "private, no-store":
            problems.append(f"{key} as {role}: Cache-Control {cache_control!r}")
        if key in PRIVATE_DOWNLOADS:
            seen_private.add(key)
    assert not problems, "\n".join(problems)
    assert seen_private == set(PRIVATE_DOWNLOADS), set(PRIVATE_DOWNLOADS) - seen_private


@pytest.mark.parametrize(("key", "role"), sorted(PRIVATE_DOWNLOADS.items()))
def test_the_download_views_mark_themselves_private(world, settings, key, role):
    """Without the middleware's safety net, the views' own `private_download` holds."""
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "core.middleware.SecurityHeadersMiddleware"
    ]
    response = world.client(role).get(url_for(world, key))
    assert response.status_code == 200
    assert is_attachment(response), response.get("Content-Disposition")
    assert response["Cache-Control"] == "private, no-store"


def test_public_downloads_stay_cacheable(world, client):
    for key in sorted(PUBLIC_DOWNLOADS):
        response = client.get(url_for(world, key))
        assert response.status_code == 200, key
        assert "no-store" not in response.get("Cache-Control", ""), key
    assert "public" in client.get(url_for(world, "projects:export_csv"))["Cache-Control"]
