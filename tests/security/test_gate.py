"""One permission gate (core.permissions) in front of every view that is not public.

The first part walks every URL pattern of the resolver, so it holds for URLs added later: a
view that is neither in the small allowlist of public views below nor behind the gate fails
("put <view> behind the gate"). The decorator marks its wrapper with `__gate__`, the mixin is
found in the class's MRO, and every permission the gate asks is a named `rules` permission.

The second part proves the rules behind the gate for the roles of DESIGN.md, at object level
and with the partner's state: contacts of A are refused on B's objects, contacts of registered
or signed partners are refused what only active partners may do, withdrawn partners start
nothing new; anonymous users are sent to the login, wrong roles get 403, hidden objects 404.
"""

import datetime
import re
from pathlib import Path

import pytest
import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.permissions import PermissionGateMixin, is_gated, require_perm
from partners.commitments import COMMITMENT_KEYS
from partners.services import contact_add, partner_sign
from tests.factories import (
    DeclarationFactory,
    PartnerFactory,
    ProjectFactory,
    StaffUserFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parents[2]

# --- every URL pattern ------------------------------------------------------------------------

# Views anyone may open, each with its reason. Everything else must go through the gate.
PUBLIC_VIEWS = {
    "portal.views.home": "home page with the key figures",
    "climate.views.balance": "the city balance and the target path are public",
    "climate.views.balance_json": "the city balance as open data",
    "climate.views.balance_csv": "the city balance as open data (CSV)",
    "climate.views.methods": "emission factors and methods are public",
    "portal.views.healthz": "readiness check for the load balancer",
    "portal.views.liveness": "liveness check for the load balancer",
    "portal.views.site_search": "search over public content only",
    "portal.views.legal_page": "legal pages; the accessibility feedback form is for everyone",
    "portal.views.sign_language_video": "the sign-language videos of /gebaerdensprache/",
    "portal.views.sign_language_captions": "the captions of the sign-language videos",
    "partners.views.directory": "public partner directory (listed partners only)",
    "partners.views.declaration": "the declaration text and its signatories",
    "news.views.post_list": "published news",
    "news.feeds.NewsFeed": "Atom feed of published news",
    "projects.views.project_list": "published projects",
    "projects.views.export_csv": "open data of published projects",
    "projects.views.export_json": "open data of published projects",
    "projects.views_map.export_geojson": "open data of published projects with a location",
    "projects.views_map.project_map": "published projects on the map",
    "reports.views.public_list": "published annual reports",
    "reports.views.report_page": "a published annual report as an HTML page (404 otherwise)",
    "reports.views.report_pdf": "a published annual report's PDF (404 otherwise)",
    "reports.views.report_data": "a published annual report's data release (404 otherwise)",
    "core.media.public_image": "public images only (logos, news, project images)",
    "meetings.views.public.body_list": "the plenary and the working groups",
    "meetings.views.public.body_detail": "a body's public page (public meetings only)",
    "meetings.views.public.body_calendar_feed": "iCalendar of a body's public meetings",
    "meetings.views.public.meeting_list": "public meetings",
    "meetings.views.public.calendar_feed": "iCalendar of the public meetings",
    "decisions.views.public.register": "the public decision register",
    "decisions.views.public.export_csv": "the public decision register as open data (CSV)",
    "decisions.views.public.export_json": "the public decision register as open data (JSON)",
    # The read API, OParl and open data (api/, portal/opendata.py): public data only, read-only;
    # the API has no authentication, so every client gets what the public may see.
    "api.views.PublicReadViewSet.dispatch": "read API viewsets: published and public data only",
    "rest_framework.routers.APIRootView": "the read API's list of endpoints",
    "drf_spectacular.views.SpectacularAPIView": "the read API's OpenAPI schema",
    "api.urls.DocsView": "the read API's documentation (Swagger UI)",
    "api.urls.not_found": "a JSON 404 for any other address under /api/v1/",
    "api.oparl.system": "OParl: the system object",
    "api.oparl.bodies": "OParl: the list of bodies (the alliance)",
    "api.oparl.body": "OParl: the alliance as body",
    "api.oparl.organizations": "OParl: the plenary and the working groups",
    "api.oparl.organization": "OParl: the plenary or a working group",
    "api.oparl.organization_meetings": "OParl: a body's public meetings",
    "api.oparl.meetings": "OParl: public meetings",
    "api.oparl.meeting": "OParl: a public meeting",
    "api.oparl.agenda_items": "OParl: agenda items of public meetings",
    "api.oparl.agenda_item": "OParl: an agenda item of a public meeting",
    "api.oparl.papers": "OParl: the decided proposals of the register",
    "api.oparl.paper": "OParl: a decided proposal",
    "api.oparl.consultations": "OParl: the consultations of decided proposals",
    "api.oparl.consultation": "OParl: the consultation of a decided proposal",
    "api.oparl.files": "OParl: public documents of public meetings",
    "api.oparl.file": "OParl: a public document",
    "api.oparl.empty_list": "OParl: persons, memberships, legislative terms (none, empty)",
    "portal.opendata.opendata_page": "the open-data page with the licence",
    "portal.opendata.catalog_jsonld": "the DCAT-AP.de catalogue of the open data",
    "newsletter.views.subscribe": "newsletter subscription (double opt-in), for everyone",
    "newsletter.views.requested": "the same answer after every subscription request",
    "newsletter.views.confirm": "confirmation link: the signed token is the authorisation",
    "newsletter.views.unsubscribe": "one-click unsubscribe (RFC 8058): the key authorises",
    "newsletter.views.archive": "archive of sent newsletter issues",
    "newsletter.views.archive_detail": "a sent newsletter issue",
}

# Packages whose views bring their own access checks; not the portal's to gate.
FOREIGN_NAMESPACES = {"admin": "Django admin: AdminSite.admin_view (active staff, model perms)"}
FOREIGN_MODULES = {"allauth.": "allauth's login, signup, password and e-mail pages"}


def url_patterns(resolver=None, prefix="", namespaces=()):
    """(route, pattern, namespaces) of every URL pattern, recursively through includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            names = namespaces + ((pattern.app_name or pattern.namespace or ""),)
            yield from url_patterns(pattern, route, names)
        elif isinstance(pattern, URLPattern):
            yield route, pattern, namespaces


def view_name(callback) -> str:
    """module.qualname of the view function, view class or callable instance."""
    target = getattr(callback, "view_class", None) or callback
    seen = target
    while hasattr(seen, "__wrapped__"):  # the view itself, under its decorators
        seen = seen.__wrapped__
    if not hasattr(seen, "__qualname__"):
        seen = type(seen)
    return f"{seen.__module__}.{seen.__qualname__}"


def classify(route, pattern, namespaces) -> str:
    name = view_name(pattern.callback)
    if set(namespaces) & set(FOREIGN_NAMESPACES) or name.startswith(tuple(FOREIGN_MODULES)):
        return "foreign"
    if name in PUBLIC_VIEWS:
        return "public"
    if is_gated(pattern.callback):
        return "gated"
    return "missing"


def all_views():
    return [
        (route, pattern, view_name(pattern.callback), classify(route, pattern, ns))
        for route, pattern, ns in url_patterns()
    ]


def test_every_view_is_public_foreign_or_behind_the_gate():
    missing = [
        f"{name} ({route}): put it behind the gate (core.permissions.require_perm or "
        "PermissionGateMixin) or, if it is public, into PUBLIC_VIEWS with the reason"
        for route, _pattern, name, kind in all_views()
        if kind == "missing"
    ]
    assert not missing, "\n".join(missing)


def test_the_allowlist_names_only_existing_ungated_views():
    seen = {name: kind for _route, _pattern, name, kind in all_views()}
    stale = sorted(set(PUBLIC_VIEWS) - set(seen))
    assert not stale, f"not a view of any URL any more: {stale}"
    gated = []
    for route, pattern, name, _kind in all_views():
        if name in PUBLIC_VIEWS and is_gated(pattern.callback):
            gated.append(f"{name} ({route})")
    assert not gated, f"on the gate, so not public: remove from PUBLIC_VIEWS: {gated}"


def gate_permissions(callback) -> tuple[str, ...]:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        perms = view_class.permission_required
        if not perms:  # per method or per action: the class names its permissions itself
            return ()
        return (perms,) if isinstance(perms, str) else tuple(perms)
    seen = callback
    while seen is not None:
        if getattr(seen, "__gate__", None):
            return seen.__gate__
        seen = getattr(seen, "__wrapped__", None)
    return ()


def test_the_gate_asks_named_rules():
    unknown = []
    for route, pattern, name, kind in all_views():
        if kind != "gated":
            continue
        for perm in gate_permissions(pattern.callback):
            if not rules.perm_exists(perm):
                unknown.append(f"{name} ({route}) asks {perm!r}, which no rules.py defines")
    assert not unknown, "\n".join(unknown)


def test_class_views_name_their_permissions():
    """A gated class without `permission_required` must decide in get_permission_required."""
    for route, pattern, name, kind in all_views():
        view_class = getattr(pattern.callback, "view_class", None)
        if kind != "gated" or view_class is None or view_class.permission_required:
            continue
        overridden = view_class.get_permission_required is not (
            PermissionGateMixin.get_permission_required
        )
        assert overridden, f"{name} ({route}) names no permission"


CONVERTED_APPS = ("accounts", "news", "partners", "portal", "projects", "reports")
OLD_WAYS = re.compile(
    r"\b(login_required|LoginRequiredMixin|PermissionRequiredMixin|permission_required\(|"
    r"is_stabsstelle\(request\.user\))"
)


def test_no_other_way_of_refusing_in_the_converted_apps():
    """The apps on the gate no longer use login_required, Django's/rules' mixins or hand-made
    role checks in their views."""
    found = []
    for app in CONVERTED_APPS:
        for path in (ROOT / app).glob("**/*.py"):
            if "views" not in path.name and path.name != "dashboards.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if OLD_WAYS.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


STATE_COMPARISON = re.compile(
    r"\.(status|state|publication)\s*(==|!=)\s*[\"']|[\"'](aktiv|registriert|unterzeichnet|"
    r"ausgetreten|eingereicht|veroeffentlicht|fertig)[\"']\s*(==|!=)"
)


def test_templates_ask_rules_instead_of_comparing_states():
    templates = [ROOT / "templates"] + [ROOT / app / "templates" for app in CONVERTED_APPS]
    found = []
    for folder in templates:
        for path in folder.glob("**/*.html"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if STATE_COMPARISON.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert not found, "\n".join(found)


# --- the gate itself --------------------------------------------------------------------------


rules.add_perm("tests.gate_open", rules.is_authenticated)
rules.add_perm("tests.gate_never", rules.always_deny)


def _request(user):
    request = RequestFactory().get("/geschuetzt/?x=1")
    request.user = user
    return request


@pytest.mark.django_db
def test_decorator_refuses_like_the_mixin():
    from django.contrib.auth.models import AnonymousUser

    @require_perm("tests.gate_open", obj=lambda request, **kwargs: {"loaded": kwargs["pk"]})
    def view(request, pk, obj):
        return obj

    assert view.__gate__ == ("tests.gate_open",)
    response = view(_request(AnonymousUser()), pk=3)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")
    assert view(_request(UserFactory()), pk=3) == {"loaded": 3}

    @require_perm("tests.gate_never")
    def closed(request):
        raise AssertionError("not reached")

    with pytest.raises(PermissionDenied):
        closed(_request(UserFactory()))


@pytest.mark.django_db
def test_hidden_objects_are_a_404_and_missing_ones_send_anonymous_users_to_the_login():
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    def missing(request, **kwargs):
        raise Http404

    @require_perm("tests.gate_open", obj=missing)
    def view(request):
        raise AssertionError("not reached")

    assert view(_request(AnonymousUser())).status_code == 302
    with pytest.raises(Http404):
        view(_request(UserFactory()))

    @require_perm("tests.gate_never", obj=lambda request, **kw: object(), hidden=True)
    def hidden(request):
        raise AssertionError("not reached")

    for user in (AnonymousUser(), UserFactory()):
        with pytest.raises(Http404):
            hidden(_request(user))


@pytest.mark.django_db
def test_refused_answers_logged_in_users_only():
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    @require_perm("tests.gate_never", refused=lambda request, **kw: HttpResponse("anders"))
    def view(request):
        raise AssertionError("not reached")

    assert view(_request(UserFactory())).content == b"anders"
    assert view(_request(AnonymousUser())).status_code == 302


def test_a_gated_class_without_permission_fails_loudly():
    from django.views import View

    class Nameless(PermissionGateMixin, View):
        pass

    with pytest.raises(NotImplementedError):
        Nameless.as_view()(_request(None))


# --- roles and states -------------------------------------------------------------------------

LOGIN = "login"


def contact_of(partner):
    user = UserFactory()
    contact_add(partner=partner, user=user)
    return user


@pytest.fixture
def alliance(db):
    """Active partners A and B with a contact each and a published project each, a registered,
    a signed and a withdrawn partner with a contact (the withdrawn one leads a project), staff."""
    a = PartnerFactory(name="Alpha GmbH", slug="alpha")
    b = PartnerFactory(name="Beta eG", slug="beta")
    registered = PartnerFactory(name="Neu e.V.", slug="neu", status="registriert")
    signed = PartnerFactory(name="Unterschrieben AG", slug="unterschrieben", status="unterzeichnet")
    withdrawn = PartnerFactory(name="Weg GmbH", slug="weg", status="ausgetreten")
    return {
        "a": a,
        "b": b,
        "registered": registered,
        "signed": signed,
        "withdrawn": withdrawn,
        "user_a": contact_of(a),
        "user_b": contact_of(b),
        "user_registered": contact_of(registered),
        "user_signed": contact_of(signed),
        "user_withdrawn": contact_of(withdrawn),
        "staff": StaffUserFactory(),
        "project_a": ProjectFactory(lead_partner=a, slug="projekt-a"),
        "project_b": ProjectFactory(lead_partner=b, slug="projekt-b"),
        "project_withdrawn": ProjectFactory(lead_partner=withdrawn, slug="projekt-weg"),
    }


def status(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data or {})
    if response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/partner/beta/bearbeiten/"),
        ("post", "/partner/beta/bearbeiten/"),
        ("get", "/partner/beta/kontakte/"),
        ("post", "/partner/beta/kontakte/"),
        ("get", "/partner/beta/unterzeichnen/"),
        ("get", "/mein-bereich/projekte/projekt-b/bearbeiten/"),
        ("get", "/mein-bereich/projekte/projekt-b/"),
        ("get", "/mein-bereich/projekte/projekt-b/ergebnisse/neu/"),
    ],
)
def test_contact_of_a_is_refused_on_bs_objects(client, alliance, method, url):
    assert status(client, alliance["user_a"], method, url) == 403
    assert status(client, alliance["user_b"], method, url) in {200, 302}
    assert status(client, None, method, url) == LOGIN


def test_contact_of_a_is_refused_removing_bs_contacts(client, alliance):
    contact = alliance["b"].contacts.get()
    url = f"/partner/beta/kontakte/{contact.pk}/entfernen/"
    assert status(client, alliance["user_a"], "post", url) == 403
    assert alliance["b"].contacts.count() == 1


@pytest.mark.parametrize("state", ["registered", "signed"])
def test_registered_and_signed_partners_have_nothing_internal_yet(client, alliance, state):
    user = alliance[f"user_{state}"]
    slug = alliance[state].slug
    # Active-only: record projects and import results.
    assert status(client, user, "get", "/mein-bereich/projekte/neu/") == 403
    assert status(client, user, "post", "/mein-bereich/projekte/neu/", {"title": "x"}) == 403
    assert status(client, user, "get", "/mein-bereich/projekte/ergebnisse/import/") == 403
    # Their registration: profile, contacts, the signature.
    assert status(client, user, "get", f"/partner/{slug}/bearbeiten/") == 200
    assert status(client, user, "get", f"/partner/{slug}/kontakte/") == 200
    assert status(client, user, "get", f"/partner/{slug}/unterzeichnen/") == 200
    assert status(client, user, "get", "/mein-bereich/") == 200
    assert not user.has_perm("partners.act_for_active_partner", alliance[state])


def test_withdrawn_partner_reads_its_history_and_starts_nothing_new(client, alliance):
    user, partner = alliance["user_withdrawn"], alliance["withdrawn"]
    project = alliance["project_withdrawn"]
    # No new projects, no changes, no results, no invitations, no signature.
    assert status(client, user, "get", "/mein-bereich/projekte/neu/") == 403
    assert status(client, user, "get", f"/mein-bereich/projekte/{project.slug}/bearbeiten/") == 403
    assert (
        status(client, user, "post", f"/mein-bereich/projekte/{project.slug}/ergebnisse/neu/")
        == 403
    )
    assert status(client, user, "post", f"/mein-bereich/projekte/{project.slug}/einreichen/") == 403
    assert status(client, user, "get", "/partner/weg/bearbeiten/") == 403
    assert status(client, user, "post", "/partner/weg/kontakte/", {"email": "x@example.org"}) == 403
    assert not partner.invitations.exists()
    assert status(client, user, "get", "/partner/weg/unterzeichnen/") == 403
    # Its own history stays readable.
    assert status(client, user, "get", f"/mein-bereich/projekte/{project.slug}/") == 200
    assert status(client, user, "get", "/mein-bereich/projekte/") == 200
    assert status(client, user, "get", "/partner/weg/kontakte/") == 200
    assert status(client, user, "get", "/partner/weg/") == 200
    # Staff record no second withdrawal.
    assert status(client, alliance["staff"], "get", "/partner/weg/austritt/") == 403
    assert status(client, alliance["staff"], "get", "/partner/alpha/austritt/") == 200


def test_the_signing_service_asks_the_same_rule(alliance):
    declaration = DeclarationFactory()
    data = {
        "signatory_name": "Erika Muster",
        "signatory_function": "Geschäftsführerin",
        "place": "Magdeburg",
        "signed_on": datetime.date(2026, 1, 15),
        "commitments": list(COMMITMENT_KEYS),
    }
    for actor, partner in [
        (alliance["user_withdrawn"], alliance["withdrawn"]),
        (alliance["user_a"], alliance["registered"]),
        (alliance["staff"], alliance["registered"]),
    ]:
        with pytest.raises(PermissionDenied):
            partner_sign(partner=partner, declaration=declaration, actor=actor, **data)
    signature = partner_sign(
        partner=alliance["registered"],
        declaration=declaration,
        actor=alliance["user_registered"],
        **data,
    )
    assert signature.pk


def test_active_contacts_record_and_staff_review(client, alliance):
    user = alliance["user_a"]
    assert status(client, user, "get", "/mein-bereich/projekte/neu/") == 200
    assert status(client, user, "get", "/mein-bereich/projekte/projekt-a/bearbeiten/") == 200
    # Contacts are no staff.
    for url in [
        "/stabsstelle/",
        "/stabsstelle/projekte/",
        "/stabsstelle/aktuelles/",
        "/stabsstelle/berichte/",
        "/stabsstelle/personen/",
        "/stabsstelle/klimabilanz/",
        "/stabsstelle/emissionsfaktoren/",
        "/stabsstelle/erklaerung/neu/",
        "/stabsstelle/projekte/projekt-a/",
    ]:
        assert status(client, user, "get", url) == 403, url
        assert status(client, None, "get", url) == LOGIN, url
        assert status(client, alliance["staff"], "get", url) == 200, url
    # Staff have no partner area and sign nothing.
    assert status(client, alliance["staff"], "get", "/mein-bereich/") == 403
    assert status(client, alliance["staff"], "get", "/partner/alpha/unterzeichnen/") == 403


def test_review_decisions_follow_the_projects_state(client, alliance):
    staff = alliance["staff"]
    published = alliance["project_a"]
    # The page offers only the decisions the state allows (the rules the template asks) ...
    assert staff.has_perm("projects.unpublish_project", published)
    assert not staff.has_perm("projects.publish_project", published)
    assert not staff.has_perm("projects.return_project", published)
    submitted = ProjectFactory(lead_partner=alliance["a"], publication="eingereicht")
    assert staff.has_perm("projects.publish_project", submitted)
    assert not alliance["user_a"].has_perm("projects.publish_project", submitted)
    page = status(client, staff, "get", f"/stabsstelle/projekte/{published.slug}/")
    assert page == 200
    html = client.get(f"/stabsstelle/projekte/{published.slug}/").content.decode()
    assert f"/stabsstelle/projekte/{published.slug}/zuruecknehmen/" in html
    assert f"/stabsstelle/projekte/{published.slug}/veroeffentlichen/" not in html
    # ... and a decision that no longer fits (a stale page) is the service's message.
    response = client.post(f"/stabsstelle/projekte/{published.slug}/veroeffentlichen/", follow=True)
    assert response.status_code == 200
    assert "eingereicht" in response.content.decode()
    # Contacts are refused every decision.
    url = f"/stabsstelle/projekte/{submitted.slug}/veroeffentlichen/"
    assert status(client, alliance["user_a"], "post", url) == 403


def test_anonymous_users_go_to_the_login_even_for_objects_that_do_not_exist(client, alliance):
    for url in [
        "/partner/gibt-es-nicht/bearbeiten/",
        "/mein-bereich/projekte/gibt-es-nicht/",
        "/stabsstelle/aktuelles/gibt-es-nicht/bearbeiten/",
        "/stabsstelle/berichte/999999/pdf/",
        "/konto/meine-daten/",
    ]:
        assert status(client, None, "get", url) == LOGIN, url


def test_hidden_objects_are_a_404_for_everyone_who_may_not_see_them(client, alliance):
    draft = ProjectFactory(lead_partner=alliance["a"], publication="entwurf", slug="entwurf-a")
    for user in (None, alliance["user_b"]):
        assert status(client, user, "get", f"/projekte/{draft.slug}/") == 404
        assert status(client, user, "get", "/partner/neu/") == 404  # registered: not listed
    assert status(client, alliance["user_a"], "get", f"/projekte/{draft.slug}/") == 200
    assert status(client, alliance["user_registered"], "get", "/partner/neu/") == 200
    assert status(client, alliance["staff"], "get", "/partner/neu/") == 200


def test_staff_handle_requests_of_people_but_not_of_staff(client, alliance):
    staff, other_staff = alliance["staff"], StaffUserFactory()
    person = alliance["user_b"]
    assert status(client, staff, "get", f"/stabsstelle/personen/{person.pk}/export.json") == 200
    assert (
        status(client, staff, "get", f"/stabsstelle/personen/{other_staff.pk}/export.json") == 403
    )
    assert status(client, staff, "post", f"/stabsstelle/personen/{other_staff.pk}/loeschen/") == 403
    assert status(client, staff, "post", f"/stabsstelle/personen/{staff.pk}/loeschen/") == 403
    other_staff.refresh_from_db()
    assert other_staff.is_active


def test_templates_offer_only_what_the_rules_allow(client, alliance):
    client.force_login(alliance["user_withdrawn"])
    dashboard = client.get("/mein-bereich/").content.decode()
    assert "/mein-bereich/projekte/neu/" not in dashboard
    assert "/partner/weg/bearbeiten/" not in dashboard
    client.force_login(alliance["user_signed"])
    assert "/mein-bereich/projekte/neu/" not in client.get("/mein-bereich/").content.decode()
    client.force_login(alliance["user_a"])
    assert "/mein-bereich/projekte/neu/" in client.get("/mein-bereich/").content.decode()
    client.force_login(alliance["staff"])
    assert "/partner/weg/austritt/" not in client.get("/partner/weg/").content.decode()
    assert "/partner/alpha/austritt/" in client.get("/partner/alpha/").content.decode()
