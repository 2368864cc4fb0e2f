"""/opendata/ in a real browser (1280 px and 375 px): axe-core and the HTML checker stay clean;
the API documentation (Swagger UI from the portal's own static files) renders under the
Content Security Policy without any blocked script or style."""

import pytest

from tests.api.conftest import build_public_world
from tests.browser.harness import assert_page_ok

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_opendata_page_is_accessible(page, live_server, width):
    build_public_world()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/opendata/")
    assert_page_ok(page)
    assert page.get_by_text("Datenlizenz Deutschland – Namensnennung – Version 2.0").count() >= 1


def test_api_docs_render_from_own_static_files(page, live_server):
    blocked = []
    page.on(
        "console", lambda msg: blocked.append(msg.text) if "Content Security" in msg.text else None
    )
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto("/api/v1/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() >= 16
    assert blocked == []
    assert outside == []
