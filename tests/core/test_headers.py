"""Every response carries a Permissions-Policy; every private download `Cache-Control: private,
no-store`, while public downloads stay cacheable.

Every response of the security sweep (tests/security/test_url_sweep.py, which every URL must be
in) is checked against the lists in tests/security/downloads.py, so a download view added later
is checked as soon as it is in the sweep; here each private download is fetched without the
middleware's safety net, and the public ones as a citizen."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.downloads import is_attachment
from tests.security.downloads import PRIVATE_DOWNLOADS, PUBLIC_DOWNLOADS
from tests.security.test_url_sweep import url_for

OFF = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture", "autoplay")


@pytest.fixture
def world(shared_world):
    return shared_world


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
