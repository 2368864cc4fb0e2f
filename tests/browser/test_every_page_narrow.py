"""Every HTML page of every role at 375 px (a phone) and 1280 px: no sideways scrolling of the
whole page, and axe-core (WCAG 2.1 A/AA) finds nothing at 375 px.

The pages come from the URL sweep's table (tests/security/test_url_sweep.py): every URL pattern
the portal has, with the world's objects, for the roles whose expected answer is 200 — so a
page added later is walked as well. Downloads and non-HTML answers are left out.
"""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.browser.harness import axe_violations, format_violations

pytestmark = pytest.mark.browser

# Citizens, the contact of an active partner (it owns the world's objects) and staff: between
# them they reach every page; the other partner states see subsets of the contact's pages.
WALKED_ROLES = ("anon", "a", "staff", "reg", "signed", "wd")
# Contacts of a registered, a signed (not yet confirmed) and a withdrawn partner see the public
# pages exactly as a citizen does, apart from the header; they walk their own pages and "/".
OWN_PAGES_ONLY = {"reg", "signed", "wd"}
# The long walks are split into parts (every n-th page), so the two test workers share them.
PARTS = {"anon": 2, "a": 3, "staff": 4}
WALKS = [(role, part) for role in WALKED_ROLES for part in range(PARTS.get(role, 1))]
WIDTHS = (375, 1280)
# Rendering differences below one CSS pixel are not scrolling.
TOLERANCE_PX = 1


def session_cookie(user, base_url: str) -> list[dict]:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}]


def role_page(browser, live_server, world, role: str):
    """A browser context logged in as `role` of the world (anonymous: none) and its page."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    user = world.user(role)
    if user is not None:
        context.add_cookies(session_cookie(user, live_server.url))
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def html_pages(world, role: str) -> list[str]:
    from tests.security.test_url_sweep import SWEEP, url_for

    client = world.client(role)
    pages = []
    for key, row in sorted(SWEEP.items()):
        if row["get"][role] != 200:
            continue
        url = url_for(world, key)
        response = client.get(url)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if (
            response.status_code == 200
            and is_html
            and not response.has_header("Content-Disposition")
        ):
            pages.append(url)
    return sorted(set(pages))


def overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def widest(page) -> str:
    """The outermost element that sticks out to the right without a scroll box around it,
    to name it in the failure."""
    return page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth;
            const contained = (el) => {
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    const ox = getComputedStyle(p).overflowX;
                    if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return true;
                }
                return false;
            };
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.right > limit + 1 && !contained(el)) {
                    const cls = typeof el.className === 'string' && el.className.trim()
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                    const parent = el.parentElement ? el.parentElement.tagName.toLowerCase() : '';
                    const right = Math.round(box.right);
                    return `${el.tagName.toLowerCase()}${cls} in ${parent} (${right} px)`;
                }
            }
            return '';
        }"""
    )


@pytest.mark.parametrize(
    ("role", "part"),
    WALKS,
    ids=[f"{role}-{part + 1}of{PARTS.get(role, 1)}" for role, part in WALKS],
)
def test_every_page_fits_a_phone_and_passes_axe(browser, live_server, transactional_db, role, part):
    from tests.security.world import build_world

    world = build_world()
    pages = html_pages(world, role)
    if role in OWN_PAGES_ONLY:
        public = set(html_pages(world, "anon"))
        pages = ["/", *(url for url in pages if url not in public)]
        assert len(pages) >= 3, pages  # the walk is not vacuous
    else:
        assert len(pages) >= 10, pages
    pages = pages[part :: PARTS.get(role, 1)]
    context, page = role_page(browser, live_server, world, role)
    problems = []
    try:
        for url in pages:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                if width == WIDTHS[0]:
                    response = page.goto(url)
                    if response is None or response.status != 200:
                        problems.append(f"{url}: HTTP {response and response.status}")
                        break
                    if page.locator("#swagger-ui").count():
                        # Swagger UI draws the operations after fetching the schema
                        page.wait_for_selector("#swagger-ui .opblock")
                extra = overflow(page)
                if extra > TOLERANCE_PX:
                    problems.append(
                        f"{url} at {width} px scrolls sideways by {extra} px: {widest(page)}"
                    )
                violations = axe_violations(page)
                if violations:
                    problems.append(f"{url} at {width} px: {format_violations(violations)}")
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n".join(problems)


def test_long_unbroken_words_wrap_on_a_phone(page):
    """A title of one 120-letter word (and a long partner name) does not widen the pages."""
    from tests.factories import PartnerFactory, ProjectFactory

    word = "Energieeffizienzsteigerungsmaßnahmenumsetzungsbegleitung" * 2
    project = ProjectFactory(
        title=word,
        summary=word,
        lead_partner=PartnerFactory(name=word[:150], public_listing=True),
        address="Otto-von-Guericke-Straße 1–999, 39104 Magdeburg-Altstadt-Nordwestquartier",
    )
    page.set_viewport_size({"width": 375, "height": 900})
    for url in ("/projekte/", f"/projekte/{project.slug}/", "/partner/", "/suche/?q=Energie"):
        assert page.goto(url).status == 200
        assert overflow(page) <= TOLERANCE_PX, f"{url}: {widest(page)}"
