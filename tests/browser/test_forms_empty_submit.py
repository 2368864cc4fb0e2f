"""Every form of every role, submitted empty, answers with the one error pattern (issue #20):
no server error, the error summary is shown and has the focus, each invalid field carries
aria-invalid="true" and names its error list in aria-describedby (every id it names exists),
every link of the summary leads to an element of the page, and axe-core finds nothing.

The pages come from the URL sweep's table (tests/security/test_url_sweep.py), as in
test_every_page_narrow.py, plus allauth's account pages (skipped by the sweep): every POST form
with a field on a page a role may open is submitted, so a form added later is covered. A form
whose empty submit is valid (no required field) is listed in NO_REQUIRED_FIELD with its
reason; any other form without a summary fails the test.
"""

from urllib.parse import urlparse

import pytest
from django.urls import Resolver404, resolve

from tests.browser.harness import axe_violations, format_violations
from tests.browser.test_every_page_narrow import html_pages, role_page, session_cookie

# Swagger UI draws its own "try it out" forms, which call the API with JavaScript and are not
# the portal's forms (the page itself is checked by the phone walk).
NOT_SUBMITTED = {"/api/v1/docs/"}

pytestmark = pytest.mark.browser

# Citizens, a contact of an active partner (owns the world's objects), a contact of a
# registered partner (registration and signing) and staff: between them every form.
ROLES = ("anon", "a", "reg", "staff")
# allauth's pages are not in the sweep's table (its own views): listed here per role.
ACCOUNT_PAGES = {
    "anon": ["/konto/login/", "/konto/signup/", "/konto/password/reset/"],
    "a": ["/konto/password/change/", "/konto/email/"],
    "reg": [],
    "staff": [],
}
# Forms (by the URL name they post to) whose empty submit is valid, with the reason.
NO_REQUIRED_FIELD = {
    "meetings:membership_role": "a select without an empty choice: one role is always chosen",
    "meetings:body_edit": "a body's description is optional",
    "reports:staff_list": "the year is a select without an empty choice, the outlook optional",
    "account_email[action_primary]": (
        "allauth's list of the person's addresses: its buttons act on the chosen address "
        "(the primary one is chosen when the page opens); no address chosen changes nothing"
    ),
}

CLEAR_FORM = """(form) => {
    for (const el of form.elements) {
        const type = (el.type || '').toLowerCase();
        if (['hidden', 'submit', 'button', 'reset', 'image', 'file'].includes(type)) continue;
        if (type === 'checkbox' || type === 'radio') { el.checked = false; continue; }
        if (el.tagName === 'SELECT') {
            const empty = [...el.options].findIndex((o) => o.value === '');
            if (empty >= 0) el.selectedIndex = empty;
            continue;
        }
        if ('value' in el) el.value = '';
    }
}"""

FORMS_WITH_FIELDS = """() => [...document.querySelectorAll('main form')].map((form, index) => ({
    index,
    method: (form.getAttribute('method') || 'get').toLowerCase(),
    action: form.getAttribute('action') || '',
    fields: [...form.elements].filter((el) => {
        const type = (el.type || '').toLowerCase();
        return !['hidden', 'submit', 'button', 'reset', 'image'].includes(type)
            && el.tagName !== 'FIELDSET' && el.tagName !== 'OUTPUT';
    }).length,
})).filter((form) => form.method === 'post' && form.fields > 0)"""

PATTERN_PROBLEMS = """() => {
    const problems = [];
    const summaries = document.querySelectorAll('[data-error-summary]');
    if (!summaries.length) return ['no error summary'];
    if (!document.activeElement || !document.activeElement.matches('[data-error-summary]')) {
        problems.push('focus is on ' + (document.activeElement || {}).outerHTML?.slice(0, 80));
    }
    const top = summaries[0].getBoundingClientRect().top + window.scrollY;
    const main = document.querySelector('main').getBoundingClientRect().top + window.scrollY;
    if (top - main > 400) problems.push(`the summary is ${Math.round(top - main)} px down`);
    for (const list of document.querySelectorAll('ul.errorlist[id$="_error"]')) {
        const controls = [...document.querySelectorAll(
            'input:not([type=hidden]), select, textarea')].filter(
            (el) => (el.getAttribute('aria-describedby') || '').split(/\\s+/).includes(list.id));
        if (!controls.length) problems.push(`no field names ${list.id} in aria-describedby`);
        for (const el of controls) {
            if (el.getAttribute('aria-invalid') !== 'true') {
                problems.push(`${el.name} names ${list.id} but is not aria-invalid`);
            }
        }
    }
    for (const el of document.querySelectorAll('main [aria-invalid="true"]')) {
        const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
        if (!ids.some((id) => id.endsWith('_error'))) {
            problems.push(`${el.name || el.tagName}: invalid, no error in aria-describedby`);
        }
        for (const id of ids) {
            if (!document.getElementById(id)) problems.push(`${el.name}: no element #${id}`);
        }
    }
    for (const link of document.querySelectorAll('[data-error-summary] a[href^="#"]')) {
        const id = decodeURIComponent(link.hash.slice(1));
        if (!document.getElementById(id)) problems.push(`summary link to missing #${id}`);
    }
    return problems;
}"""


SUBMIT = "button[type=submit], button:not([type]), input[type=submit]"


def form_name(page, url: str, form: dict) -> str:
    """The URL name the form posts to; with the name of its first button where one URL
    takes several actions (allauth's e-mail page)."""
    path = urlparse(form["action"]).path or urlparse(url).path
    try:
        name = resolve(path).view_name
    except Resolver404:
        name = path
    button = page.locator("main form").nth(form["index"]).locator(SUBMIT).first
    action = button.get_attribute("name") if button.count() else None
    return f"{name}[{action}]" if action and action.startswith("action_") else name


def submit_empty(page, url: str, index: int):
    page.goto(url)
    form = page.locator("main form").nth(index)
    form.evaluate(CLEAR_FORM)
    button = form.locator(SUBMIT).first
    with page.expect_navigation() as navigation:
        button.click()
    page.wait_for_load_state()
    return navigation.value


@pytest.mark.parametrize("role", ROLES)
def test_every_form_submitted_empty_shows_the_error_pattern(
    browser, live_server, transactional_db, role
):
    from tests.security.world import build_world

    world = build_world()
    pages = [*html_pages(world, role), *ACCOUNT_PAGES[role]]
    context, page = role_page(browser, live_server, world, role)
    problems, checked, skipped = [], [], []
    try:
        for url in pages:
            if url in NOT_SUBMITTED:
                continue
            response = page.goto(url)
            if response is None or response.status != 200:
                continue  # an earlier submit changed the world (e.g. a left circle)
            for form in page.evaluate(FORMS_WITH_FIELDS):
                name = form_name(page, url, form)
                where = f"{url} form {form['index']} ({name})"
                try:
                    answer = submit_empty(page, url, form["index"])
                except Exception as exc:  # noqa: BLE001 - reported with the page
                    problems.append(f"{where}: not submitted ({str(exc).splitlines()[0]})")
                    continue
                if answer is None or answer.status >= 500:
                    problems.append(f"{where}: HTTP {answer and answer.status}")
                    continue
                if not page.locator("[data-error-summary]").count():
                    if name not in NO_REQUIRED_FIELD:
                        problems.append(f"{where}: no error summary after an empty submit")
                    skipped.append(name)
                    continue
                page.locator("[data-error-summary]:focus").first.wait_for(timeout=5000)
                problems += [f"{where}: {p}" for p in page.evaluate(PATTERN_PROBLEMS)]
                violations = axe_violations(page)
                if violations:
                    problems.append(f"{where}: {format_violations(violations)}")
                checked.append(name)
    finally:
        context.close()
    assert len(checked) >= {"anon": 3, "a": 5, "reg": 2, "staff": 15}[role], (checked, skipped)
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n".join(problems)


def test_a_chosen_file_is_kept_after_a_failed_submit(page, live_server):
    """A browser empties a file input after any error: the portal keeps the chosen file,
    says so next to the field, and the next submit uses it without choosing it again."""
    from news.models import Post
    from tests.factories import StaffUserFactory
    from tests.security.world import PNG_BYTES

    page.context.add_cookies(session_cookie(StaffUserFactory(), live_server.url))
    page.goto("/stabsstelle/aktuelles/neu/")
    page.fill("#id_teaser", "Kurz")
    page.fill("#id_body", "Lang")
    page.fill("#id_image_alt", "Ein Dach mit Solarmodulen")
    page.set_input_files(
        "#id_image", files=[{"name": "Dach.png", "mimeType": "image/png", "buffer": PNG_BYTES}]
    )
    page.locator("main form").first.locator(SUBMIT).first.click()
    page.wait_for_load_state()
    page.locator("[data-error-summary]:focus").wait_for(timeout=5000)
    note = page.locator("#id_image_filenote").inner_text()
    assert "Dach.png" in note and "bleibt erhalten" in note
    described = page.get_attribute("#id_image", "aria-describedby") or ""
    assert "id_image_filenote" in described.split()
    assert not page.evaluate(PATTERN_PROBLEMS)
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    page.fill("#id_title", "Solardach eingeweiht")
    page.locator("main form").first.locator(SUBMIT).first.click()
    page.wait_for_load_state()
    assert not page.locator("[data-error-summary]").count()
    post = Post.objects.get(title="Solardach eingeweiht")
    assert post.image and post.image.read() == PNG_BYTES
