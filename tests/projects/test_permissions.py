"""Every project view, role by role: anonymous, contact of the lead partner, contact of a
participating partner, contact of an unrelated partner, staff."""

import pytest

from projects.models import Project
from tests.factories import ProjectResultFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "lead", "participant", "other", "staff"]
LOGIN = 302  # anonymous users are sent to the login


def status_for(client, roles, role, method, url, data=None):
    client.logout()
    if roles[role] is not None:
        client.force_login(roles[role])
    response = getattr(client, method)(url, data or {})
    if response.status_code == 302 and roles[role] is None:
        assert "/konto/login/" in response["Location"]
    return response.status_code


def expect(client, roles, method, url, expected: dict, data=None):
    got = {role: status_for(client, roles, role, method, url, data) for role in ROLES}
    assert got == expected, url


def test_public_pages(client, roles, draft, published):
    everyone_ok = dict.fromkeys(ROLES, 200)
    for url in ["/projekte/", "/projekte/export.csv", "/projekte/export.json"]:
        expect(client, roles, "get", url, everyone_ok)
    expect(client, roles, "get", published.get_absolute_url(), everyone_ok)
    expect(
        client,
        roles,
        "get",
        draft.get_absolute_url(),
        {"anonymous": 404, "lead": 200, "participant": 200, "other": 404, "staff": 200},
    )


def test_partner_list_and_create(client, roles):
    partners_only = {
        "anonymous": LOGIN,
        "lead": 200,
        "participant": 200,
        "other": 200,
        "staff": 403,
    }
    expect(client, roles, "get", "/mein-bereich/projekte/", partners_only)
    expect(client, roles, "get", "/mein-bereich/projekte/neu/", partners_only)


def test_partner_detail_edit_and_result_views_on_a_draft(client, roles, draft):
    ProjectResultFactory(project=draft, year=2022)
    base = f"/mein-bereich/projekte/{draft.slug}/"
    can_view = {"anonymous": LOGIN, "lead": 200, "participant": 200, "other": 404, "staff": 200}
    can_change = {"anonymous": LOGIN, "lead": 200, "participant": 403, "other": 404, "staff": 200}
    expect(client, roles, "get", base, can_view)
    for path in ["bearbeiten/", "ergebnisse/neu/", "ergebnisse/2022/"]:
        expect(client, roles, "get", base + path, can_change)


def test_partner_edit_on_a_published_project(client, roles, published):
    base = f"/mein-bereich/projekte/{published.slug}/"
    expect(
        client,
        roles,
        "get",
        base + "bearbeiten/",
        {"anonymous": LOGIN, "lead": 200, "participant": 403, "other": 403, "staff": 200},
    )
    # Evidence documents and the partner view are not public.
    expect(
        client,
        roles,
        "get",
        base,
        {"anonymous": LOGIN, "lead": 200, "participant": 200, "other": 403, "staff": 200},
    )


def test_partner_posts_are_refused_for_others(client, roles, draft):
    url = f"/mein-bereich/projekte/{draft.slug}/bearbeiten/"
    for role, code in [("participant", 403), ("other", 404), ("anonymous", LOGIN)]:
        assert status_for(client, roles, role, "post", url, {"title": "Übernommen"}) == code
    draft.refresh_from_db()
    assert draft.title == "Solardach Lagerhalle"


def test_submit_only_by_lead_contact(client, roles, draft):
    url = f"/mein-bereich/projekte/{draft.slug}/einreichen/"
    for role, code in [("anonymous", LOGIN), ("participant", 403), ("other", 404), ("staff", 403)]:
        assert status_for(client, roles, role, "post", url) == code
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.DRAFT
    assert status_for(client, roles, "lead", "post", url) == 302
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.SUBMITTED


def test_staff_review_views(client, roles, draft):
    draft.publication = Project.Publication.SUBMITTED
    draft.save()
    staff_only = {"anonymous": LOGIN, "lead": 403, "participant": 403, "other": 404, "staff": 200}
    expect(client, roles, "get", "/stabsstelle/projekte/", {**staff_only, "other": 403})
    expect(client, roles, "get", f"/stabsstelle/projekte/{draft.slug}/", staff_only)
    for action in ["veroeffentlichen", "zurueckgeben", "zuruecknehmen"]:
        url = f"/stabsstelle/projekte/{draft.slug}/{action}/"
        for role in ["anonymous", "lead", "participant", "other"]:
            assert (
                status_for(client, roles, role, "post", url, {"comment": "x"}) == staff_only[role]
            )
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.SUBMITTED
    assert (
        status_for(
            client, roles, "staff", "post", f"/stabsstelle/projekte/{draft.slug}/veroeffentlichen/"
        )
        == 302
    )
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.PUBLISHED


def test_import_views(client, roles):
    allowed = {"anonymous": LOGIN, "lead": 200, "participant": 200, "other": 200, "staff": 200}
    expect(client, roles, "get", "/mein-bereich/projekte/ergebnisse/import/", allowed)
    # The confirm step only takes POST; without a stored preview it goes back to the upload.
    for role in ROLES:
        code = status_for(
            client, roles, role, "post", "/mein-bereich/projekte/ergebnisse/import/bestaetigen/"
        )
        assert code == 302


def test_documents_are_not_public(client, roles, published, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects.services import project_document_add

    document = project_document_add(
        project=published,
        actor=None,
        title="Nachweis",
        file=SimpleUploadedFile("nachweis.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    url = f"/mein-bereich/projekte/{published.slug}/nachweise/{document.pk}/"
    expect(
        client,
        roles,
        "get",
        url,
        {"anonymous": LOGIN, "lead": 200, "participant": 200, "other": 403, "staff": 200},
    )
