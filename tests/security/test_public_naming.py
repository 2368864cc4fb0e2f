"""Consent (DESIGN.md, issue #13.6): a partner that did not consent to public listing is
counted, never named in public -- pages, exports (CSV, JSON), feeds (Atom, iCalendar), search,
the decision register, the annual report (PDF and its snapshot) and any file a public page
links to. Its own contacts and staff still see the name in the internal areas.

The walk starts at every URL pattern that needs no argument and follows every link of every
public response as an anonymous visitor, so a page added later is walked as soon as a public
page links to it.
"""

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import unquote_plus, urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from decisions import services as decision_services
from meetings import services as meeting_services
from news import services as news_services
from partners import naming
from partners import services as partner_services
from partners.commitments import COMMITMENT_KEYS
from projects.models import Project
from reports import services as report_services
from tests.factories import (
    ActionItemFactory,
    CircleFactory,
    DeclarationFactory,
    MeetingFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectResultFactory,
    StaffUserFactory,
    UserFactory,
)

HIDDEN = "Verborgene Organisation GmbH"
HIDDEN_SLUG = "verborgene-organisation"
# Other partners without consent: one without a project (the report's commitment list), one
# that left in the report's year (its list of withdrawals).
QUIET = "Stille Teilhaber KG"
GONE = "Ehemals Verschwiegen e.V."
SECRETS = [HIDDEN, "Verborgene Organisation", HIDDEN_SLUG, QUIET, "stille-teilhaber", GONE]
LISTED = "Sichtbar Stadtwerke AG"
PLACEHOLDER = "ohne öffentliche Nennung"
YEAR = timezone.localdate().year - 1  # the last complete year: results and the report

# Not public, or not the portal's own pages.
SKIP_PREFIXES = ("/konto/", "/admin/", "/stabsstelle/", "/mein-bereich/", "/static/")
MAX_PAGES = 600


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src", "action"} and value and tag != "form":
                self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.links


def _participate(project, partner):
    """A confirmed participation (the through model's state field, if it has one)."""
    through = Project.partners.through
    fields = {field.name for field in through._meta.get_fields()}
    through.objects.create(
        project=project, partner=partner, **({"state": "bestaetigt"} if "state" in fields else {})
    )


@pytest.fixture
def alliance(db, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    staff = StaffUserFactory(name="Stefanie Stab")
    declaration = DeclarationFactory()
    hidden = PartnerFactory(
        name=HIDDEN,
        slug=HIDDEN_SLUG,
        public_listing=False,
        joined_on=datetime.date(YEAR, 3, 1),
        description="Wir arbeiten im Stillen.",
    )
    listed = PartnerFactory(
        name=LISTED, slug="sichtbar-stadtwerke", joined_on=datetime.date(2015, 5, 4)
    )
    PartnerFactory(
        name=QUIET,
        slug="stille-teilhaber",
        public_listing=False,
        joined_on=datetime.date(2019, 1, 1),
    )
    gone = PartnerFactory(
        name=GONE,
        slug="ehemals-verschwiegen",
        public_listing=False,
        joined_on=datetime.date(2012, 1, 1),
    )
    hidden_user = UserFactory(name="Hanna Heimlich")
    listed_user = UserFactory(name="Lars Laut")
    partner_services.contact_add(partner=hidden, user=hidden_user)
    partner_services.contact_add(partner=listed, user=listed_user)
    for partner, user in ((hidden, hidden_user), (listed, listed_user)):
        signature = partner_services.partner_sign(
            partner=partner,
            declaration=declaration,
            actor=user,
            signatory_name=user.name,
            signatory_function="Geschäftsführung",
            place="Magdeburg",
            signed_on=datetime.date(YEAR, 2, 1),
            commitments=list(COMMITMENT_KEYS),
        )
        partner_services.signature_confirm(signature=signature, actor=staff)

    led = ProjectFactory(
        title="Wärmenetz Ost",
        slug="waermenetz-ost",
        lead_partner=hidden,
        start_date=datetime.date(YEAR - 2, 1, 1),
        latitude=Decimal("52.12"),
        longitude=Decimal("11.62"),
        address="Am Wärmewerk 1, Magdeburg",
        published_at=timezone.now(),
    )
    joint = ProjectFactory(
        title="Solarpark Nord",
        slug="solarpark-nord",
        lead_partner=listed,
        start_date=datetime.date(YEAR - 2, 1, 1),
        published_at=timezone.now(),
    )
    _participate(joint, hidden)
    ProjectResultFactory(project=led, year=YEAR, achieved_reduction=Decimal("42.0"))
    ProjectResultFactory(project=joint, year=YEAR, achieved_reduction=Decimal("17.5"))

    # A held meeting: the hidden partner attended and is responsible for an action item.
    held_at = timezone.make_aware(datetime.datetime(YEAR, 10, 1, 17))
    meeting = MeetingFactory(
        title="Allianzversammlung Frühjahr",
        starts_at=held_at,
        ends_at=held_at + datetime.timedelta(hours=2),
        state="stattgefunden",
    )
    meeting_services.attendance_record(meeting=meeting, partners=[hidden, listed], actor=staff)
    circle = CircleFactory(meeting=meeting, title="Wärme im Quartier")
    ActionItemFactory(
        meeting=meeting, circle=circle, title="Wärmeplan abstimmen", responsible_partner=hidden
    )
    news_services.post_create(
        author=staff,
        title="Neue Projekte",
        teaser="Zwei neue Projekte.",
        body="Die Allianz wächst.",
    )

    # A decided written procedure in which the hidden partner objected (with a reason).
    from partners.models import Body

    soon = timezone.now() + datetime.timedelta(days=7)
    proposal = decision_services.proposal_open(
        proposal=decision_services.proposal_create(
            actor=staff,
            title="Gemeinsames Wärmeziel",
            text="Die Allianz **beschließt** ein Wärmeziel.",
            body=Body.objects.get(slug="allianzversammlung"),
            deadline=soon,
        ),
        actor=staff,
    )
    decision_services.position_state(
        proposal=proposal, partner=hidden, actor=hidden_user, value="einwand", reason="Zu früh."
    )
    decision_services.position_state(
        proposal=proposal, partner=listed, actor=listed_user, value="zustimmung", reason=""
    )
    proposal = decision_services.proposal_close(
        proposal=proposal, actor=None, now=soon + datetime.timedelta(hours=1)
    )

    partner_services.partner_withdraw(
        partner=gone, actor=staff, left_on=datetime.date(YEAR, 6, 30), reason="Umzug"
    )

    # The annual report of the year: snapshot, PDF, published.
    report = report_services.report_request(actor=staff, year=YEAR, queue=False)
    report_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    report_services.report_publish(actor=staff, report=report)
    return {
        "staff": staff,
        "hidden": hidden,
        "hidden_user": hidden_user,
        "listed_user": listed_user,
        "led": led,
        "joint": joint,
        "meeting": meeting,
        "proposal": proposal,
        "report": report,
    }


def start_urls(alliance) -> list[str]:
    """Every URL pattern without arguments, the filtered lists and exports, and searches."""
    urls = []

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern, route)
            elif isinstance(pattern, URLPattern) and "<" not in route:
                urls.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver())
    for name in ("projects:list", "projects:export_csv", "projects:export_json"):
        base = reverse(name)
        urls += [f"{base}?partner={HIDDEN_SLUG}", f"{base}?q=W%C3%A4rmenetz"]
    for q in ("Verborgene", "Organisation", "Wärmenetz", "Solarpark", "Stille", "Stillen"):
        for typ in ("", "projekte", "partner", "termine", "beschluesse", "aktuelles"):
            urls.append(f"{reverse('search')}?q={q}&typ={typ}")
    urls.append(reverse("decisions:detail", kwargs={"pk": alliance["proposal"].pk}))
    return urls


def texts_of(response) -> list[str]:
    """The readable text of a response: HTML/CSV/JSON/Atom/iCalendar as it is, PDF text, and
    every member of a ZIP."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return texts_of_bytes(content, response.headers.get("Content-Type", ""))


def texts_of_bytes(content: bytes, content_type: str) -> list[str]:
    if content.startswith(b"%PDF"):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return [page.extract_text() or "" for page in reader.pages] + [str(reader.metadata or "")]
    if content.startswith(b"PK\x03\x04") or "zip" in content_type:
        texts = []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.namelist():
                texts.append(member)
                texts += texts_of_bytes(archive.read(member), "")
        return texts
    if content_type.startswith("image/"):
        return []
    return [content.decode("utf-8", "replace")]


def walk_public(client: Client, alliance) -> dict[str, list[str]]:
    """path -> texts of every public response reached from the start URLs."""
    queue = list(dict.fromkeys(start_urls(alliance)))
    seen = set(queue)
    found: dict[str, list[str]] = {}
    while queue and len(found) < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code in (301, 302):
            target = urljoin(url, response.headers["Location"])
            if target not in seen and urlsplit(target).netloc in ("", "testserver"):
                seen.add(target)
                queue.append(target)
            continue
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 200:
            continue
        texts = texts_of(response)
        found[url] = texts
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        for link in links_of(texts[0]):
            target = urljoin(url, link.replace("&amp;", "&")).split("#")[0]
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(SKIP_PREFIXES) or path in seen:
                continue
            seen.add(path)
            queue.append(path)
    return found


def leaks(found: dict[str, list[str]]) -> list[str]:
    problems = []
    for url, texts in found.items():
        # A page may echo what the visitor typed into its own URL (a search, a filter).
        typed = unquote_plus(url).casefold()
        for text in texts:
            # PDF text breaks lines inside a name.
            text = " ".join(text.split()).casefold()
            for secret in SECRETS:
                if secret.casefold() in text and secret.casefold() not in typed:
                    problems.append(f"{url} shows {secret!r}")
    return sorted(set(problems))


def test_no_public_page_export_feed_or_report_names_an_unlisted_partner(alliance):
    found = walk_public(Client(), alliance)
    assert not leaks(found), "\n".join(leaks(found))

    # The walk reached what the unlisted partner is part of (no vacuous pass).
    led, joint = alliance["led"].get_absolute_url(), alliance["joint"].get_absolute_url()
    meeting = alliance["meeting"]
    expected = [
        "/",
        led,
        joint,
        reverse("projects:list"),
        reverse("projects:export_csv"),
        reverse("projects:export_json"),
        reverse("partners:directory"),
        reverse("partners:declaration"),
        reverse("decisions:register"),
        reverse("decisions:detail", kwargs={"pk": alliance["proposal"].pk}),
        reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        reverse("meetings:results", kwargs={"pk": meeting.pk}),
        reverse("meetings:calendar"),
        reverse("news:feed"),
        # The published report is linked under its year (the id-based address redirects).
        reverse("reports:report_pdf", kwargs={"year": alliance["report"].year}),
    ]
    missing = [url for url in expected if url not in found]
    assert not missing, missing
    # ... and counted it where it belongs.
    assert PLACEHOLDER in found[led][0]
    assert PLACEHOLDER in found[joint][0]
    assert LISTED in found[joint][0]
    assert "Wärmeplan abstimmen" in found[reverse("meetings:detail", kwargs={"pk": meeting.pk})][0]
    report_text = " ".join(
        " ".join(
            found[reverse("reports:report_pdf", kwargs={"year": alliance["report"].year})]
        ).split()
    )
    assert "Wärmenetz Ost" in report_text and LISTED in report_text
    assert PLACEHOLDER in report_text


def test_exports_count_the_unlisted_partner_without_naming_it(alliance):
    client = Client()
    csv_text = client.get(reverse("projects:export_csv")).content.decode("utf-8-sig")
    rows = {line.split(";")[0]: line for line in csv_text.splitlines()[1:]}
    assert PLACEHOLDER in rows["waermenetz-ost"]
    assert LISTED in rows["solarpark-nord"] and PLACEHOLDER in rows["solarpark-nord"]
    data = json.loads(client.get(reverse("projects:export_json")).content)
    projects = {p["slug"]: p for p in data["projects"]}
    assert projects["waermenetz-ost"]["lead_partner"] == {
        "slug": None,
        "name": str(naming.UNNAMED_PARTNER),
    }
    assert projects["solarpark-nord"]["lead_partner"]["slug"] == "sichtbar-stadtwerke"
    assert projects["solarpark-nord"]["participating_partners"] == [
        {"slug": None, "name": str(naming.UNNAMED_PARTNER)}
    ]
    for secret in SECRETS:
        assert secret not in csv_text and secret not in json.dumps(data, ensure_ascii=False)


def test_the_report_snapshot_names_no_unlisted_partner(alliance):
    snapshot = alliance["report"].snapshot
    text = json.dumps(snapshot, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text
    assert {"name": str(naming.UNNAMED_PARTNER), "joined_on": f"{YEAR}-03-01"} in snapshot[
        "partners"
    ]["new_signatories"]
    assert [w["name"] for w in snapshot["partners"]["withdrawals"]] == [str(naming.UNNAMED_PARTNER)]
    table = {row["title"]: row for row in snapshot["projects"]["table"]}
    assert table["Wärmenetz Ost"]["lead"] == str(naming.UNNAMED_PARTNER)
    assert table["Solarpark Nord"]["partners"] == [str(naming.UNNAMED_PARTNER)]
    assert snapshot["commitment"]["without_project_count"] == 1
    assert [i["partner"] for i in snapshot["action_items"]["open_list"]] == [
        str(naming.UNNAMED_PARTNER)
    ]


def _number(pattern: str, html: str) -> int:
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    match = re.search(pattern, text)
    assert match, (pattern, text[:2000])
    return int(match.group(1))


def test_home_page_count_and_directory_agree(alliance):
    """Home: all active partners, of which n not named; directory: the named ones plus the
    same n. Four partners are active (two of them unlisted), one has left."""
    client = Client()
    home = client.get("/").content.decode()
    directory = client.get(reverse("partners:directory")).content.decode()
    active = _number(r"(\d+) aktive Partner", home)
    unlisted_home = _number(r"davon (\d+) ohne öffentliche Nennung", home)
    listed = _number(r"(\d+) Partner gefunden", directory)
    unlisted_directory = _number(r"(\d+) davon wirk", directory)
    assert (active, unlisted_home) == (3, 2)
    assert listed == 1 and unlisted_directory == 2
    assert listed + unlisted_directory == active
    assert _number(r"(\d+) im Partnerverzeichnis", home) == listed
    counts = naming.active_partner_counts()
    assert (counts.active, counts.listed, counts.unlisted) == (3, 1, 2)


def test_a_listed_partner_is_named_everywhere_as_before(alliance):
    client = Client()
    page = client.get(alliance["joint"].get_absolute_url()).content.decode()
    assert f'<a href="/partner/sichtbar-stadtwerke/">{LISTED}</a>' in page
    assert LISTED in client.get(reverse("partners:directory")).content.decode()
    assert LISTED in client.get(reverse("partners:declaration")).content.decode()


def test_staff_and_own_contacts_see_the_name_in_internal_areas(alliance):
    led = alliance["led"]
    internal = [
        reverse("projects_partner:detail", kwargs={"slug": led.slug}),
        reverse("partners:detail", kwargs={"slug": HIDDEN_SLUG}),
    ]
    for user in (alliance["staff"], alliance["hidden_user"]):
        client = Client()
        client.force_login(user)
        for url in internal:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            assert HIDDEN in response.content.decode(), (user, url)
    own = Client()
    own.force_login(alliance["hidden_user"])
    assert HIDDEN in own.get(reverse("partner_dashboard")).content.decode()
    staff = Client()
    staff.force_login(alliance["staff"])
    positions = staff.get(reverse("decisions:detail", kwargs={"pk": alliance["proposal"].pk}))
    assert HIDDEN in positions.content.decode()


def test_public_pages_do_not_name_it_to_other_partners_either(alliance):
    """Public pages are the same for everyone who is not staff or the partner itself: another
    partner's contact reads the placeholder. (Who attended a meeting is internal to members.)"""
    client = Client()
    client.force_login(alliance["listed_user"])
    for url in (
        alliance["led"].get_absolute_url(),
        alliance["joint"].get_absolute_url(),
        reverse("projects:list"),
        reverse("projects:export_csv"),
    ):
        content = client.get(url).content.decode("utf-8-sig")
        assert HIDDEN not in content, url
    assert client.get(reverse("partners:detail", kwargs={"slug": HIDDEN_SLUG})).status_code == 404


def test_the_naming_rule():
    hidden = PartnerFactory.build(name=HIDDEN, slug=HIDDEN_SLUG, public_listing=False)
    shown = PartnerFactory.build(name="Beta", slug="beta", public_listing=True)
    other = PartnerFactory.build(
        name="alpha", slug="alpha", public_listing=True, status="ausgetreten"
    )
    assert naming.public_partner_name(hidden) == str(naming.UNNAMED_PARTNER)
    assert naming.public_partner_name(shown) == "Beta"
    assert naming.public_partner_name(None) == ""
    assert naming.public_partner_slug(hidden) is None
    # Consent decides, not the state: a partner that left stays named on what it did.
    assert naming.public_partner_name(other) == "alpha"
    assert naming.public_partner_names([shown, hidden, other]) == [
        "alpha",
        "Beta",
        str(naming.UNNAMED_PARTNER),
    ]
    hidden_too = PartnerFactory.build(name="Zweite", public_listing=False)
    group = naming.public_partners([hidden, shown, hidden_too])
    assert (group.total, group.unnamed, [p.name for p in group.named]) == (3, 2, ["Beta"])
    assert group.labels[-1].startswith("2 ")
