"""Pending revisions (issue #13): a partner's change to a published project or its results waits
for staff review; every reader keeps the approved values until staff approve."""

import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEntry
from projects import selectors, services
from projects.models import Project, ProjectResult, ProjectRevision, last_complete_year
from tests.factories import ProjectFactory, ProjectResultFactory

pytestmark = pytest.mark.django_db

YEAR = last_complete_year()


def result_url(project, year=None):
    base = f"/mein-bereich/projekte/{project.slug}/ergebnisse/"
    return base + (f"{year}/" if year else "neu/")


def revision_url(project, action=""):
    return f"/stabsstelle/projekte/{project.slug}/aenderung/" + action


@pytest.fixture
def approved(published):
    """The published project with an approved result of the last complete year."""
    published.start_date = published.start_date.replace(year=YEAR - 2)
    published.expected_reduction = Decimal("70")
    published.save()
    return ProjectResultFactory(project=published, year=YEAR, achieved_reduction=Decimal("67.7"))


def edit_data(project, **overrides):
    """The edit form's POST data with the project's current values."""
    data = {
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "field_of_action": project.field_of_action_id,
        "status": project.status,
        "start_date": project.start_date.isoformat(),
        "expected_reduction": str(project.expected_reduction).replace(".", ","),
    }
    data.update(overrides)
    return data


def public_figures(client, project):
    """What the public sees: detail page, totals, CSV and JSON export."""
    client.logout()
    cache.clear()  # anonymous pages are cached for a minute
    detail = client.get(project.get_absolute_url()).content.decode()
    csv = client.get("/projekte/export.csv").content.decode("utf-8-sig")
    data = json.loads(client.get("/projekte/export.json").content)
    entry = next(p for p in data["projects"] if p["slug"] == project.slug)
    return {
        "detail": detail,
        "csv": csv,
        "json_results": entry["results"],
        "json_expected": entry["expected_reduction_t_co2e_per_year"],
        "json_title": entry["title"],
        "achieved": selectors.totals().achieved,
        "expected": selectors.totals().expected,
        "home": client.get("/").content.decode(),
    }


def test_partner_result_change_waits_for_approval(
    client, lead_contact, staff_user, published, approved, django_capture_on_commit_callbacks
):
    before = public_figures(client, published)
    assert before["achieved"] == Decimal("67.7")

    client.force_login(lead_contact)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            result_url(published, YEAR),
            {
                "year": str(YEAR),
                "achieved_reduction": "99.999,9",
                "justification": "Zweite Anlage in Betrieb.",
            },
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["klimaschutz@localhost"]
    assert ProjectResult.objects.get(project=published).achieved_reduction == Decimal("67.7")

    after = public_figures(client, published)
    assert after["achieved"] == Decimal("67.7")
    assert after["json_results"] == before["json_results"]
    assert after["csv"] == before["csv"]
    assert "99.999,9" not in after["detail"] and "99.999,9" not in after["home"]
    assert "67,7" in after["detail"]

    # the partner sees what is pending
    client.force_login(lead_contact)
    page = client.get(f"/mein-bereich/projekte/{published.slug}/").content.decode()
    assert "Änderungen warten auf Prüfung" in page and "99.999,9" in page

    # staff see old → new with the flag and approve
    client.force_login(staff_user)
    queue = client.get("/stabsstelle/projekte/").content.decode()
    assert revision_url(published) in queue and "mit Hinweisen" in queue
    review = client.get(revision_url(published)).content.decode()
    assert "67,7" in review and "99.999,9" in review
    assert "mehr als das 3-Fache" in review and "Zweite Anlage in Betrieb." in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(revision_url(published, "freigeben/"))
    assert response.status_code == 302
    assert mail.outbox[-1].to == [lead_contact.email]
    assert "freigegeben" in mail.outbox[-1].subject

    final = public_figures(client, published)
    assert final["achieved"] == Decimal("99999.9")
    assert final["json_results"] == [
        {"year": YEAR, "achieved_reduction_t_co2e": 99999.9},
    ]
    assert "99999,9" in final["csv"]
    assert "99.999,9" in final["detail"]
    result = ProjectResult.objects.get(project=published)
    assert result.justification == "Zweite Anlage in Betrieb."
    assert published.revisions.get().state == ProjectRevision.State.APPROVED
    actions = list(
        AuditEntry.objects.filter(object_id=str(published.pk)).values_list("action", flat=True)
    )
    assert "change_proposed" in actions and "change_approved" in actions


def test_new_result_of_a_published_project_is_pending(client, lead_contact, published, approved):
    client.force_login(lead_contact)
    response = client.post(
        result_url(published), {"year": str(YEAR - 1), "achieved_reduction": "60"}
    )
    assert response.status_code == 302
    assert not ProjectResult.objects.filter(project=published, year=YEAR - 1).exists()
    entry = published.revisions.get().results.get()
    assert (entry.year, entry.achieved_reduction) == (YEAR - 1, Decimal("60"))
    # a further edit of the same year updates the one open revision
    response = client.post(
        result_url(published, YEAR - 1),
        {"year": str(YEAR - 1), "achieved_reduction": "61"},
    )
    assert response.status_code == 302
    assert ProjectRevision.objects.count() == 1
    assert published.revisions.get().results.get().achieved_reduction == Decimal("61")
    # a second "new" entry of the pending year is refused like a duplicate
    response = client.post(
        result_url(published), {"year": str(YEAR - 1), "achieved_reduction": "1"}
    )
    assert response.status_code == 200
    assert "year" in response.context["form"].errors


def test_content_change_waits_and_edit_form_shows_pending_values(
    client, lead_contact, staff_user, published, approved
):
    client.force_login(lead_contact)
    url = f"/mein-bereich/projekte/{published.slug}/bearbeiten/"
    data = edit_data(
        published,
        title="Wärmenetz Anschluss Nord",
        baseline="Gasheizung",
        expected_reduction="75",
        participants=[p.pk for p in published.partners.all()],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    published.refresh_from_db()
    assert published.title == "Wärmenetz Anschluss"
    revision = published.revisions.get()
    assert revision.changes["title"] == "Wärmenetz Anschluss Nord"
    assert revision.changes["expected_reduction"] == "75"
    assert client.get(url).context["form"].initial["title"] == "Wärmenetz Anschluss Nord"
    client.logout()
    assert "Nord" not in client.get(published.get_absolute_url()).content.decode()
    assert selectors.totals().expected == Decimal("70")

    services.revision_approve(revision=revision, actor=staff_user)
    published.refresh_from_db()
    assert published.title == "Wärmenetz Anschluss Nord"
    assert published.baseline == "Gasheizung"
    assert selectors.totals().expected == Decimal("75")
    entry = AuditEntry.objects.filter(object_id=str(published.pk), action="changed").first()
    assert entry.changes["title"]["new"] == "Wärmenetz Anschluss Nord"


def test_returned_revision_mails_partner_and_shows_comment(
    client, lead_contact, staff_user, published, approved, django_capture_on_commit_callbacks
):
    services.result_set(
        project=published, actor=lead_contact, year=YEAR, achieved_reduction=Decimal("80")
    )
    client.force_login(staff_user)
    response = client.post(revision_url(published, "zurueckgeben/"), {"comment": ""})
    assert response.status_code == 200
    assert "comment" in response.context["return_form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            revision_url(published, "zurueckgeben/"), {"comment": "Bitte Zählerprotokoll."}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == [lead_contact.email]
    assert "Bitte Zählerprotokoll." in mail.outbox[-1].body
    revision = published.revisions.get()
    assert revision.state == ProjectRevision.State.RETURNED
    assert ProjectResult.objects.get(project=published).achieved_reduction == Decimal("67.7")

    client.force_login(lead_contact)
    for page in (
        f"/mein-bereich/projekte/{published.slug}/",
        f"/mein-bereich/projekte/{published.slug}/bearbeiten/",
    ):
        html = client.get(page).content.decode()
        assert "Bitte Zählerprotokoll." in html, page
    # approving a returned revision is refused; the partner's next edit makes it pending again
    with pytest.raises(ValidationError):
        services.revision_approve(revision=revision, actor=staff_user)
    services.result_set(
        project=published, actor=lead_contact, year=YEAR, achieved_reduction=Decimal("81")
    )
    revision.refresh_from_db()
    assert revision.state == ProjectRevision.State.PENDING
    assert revision.results.get().achieved_reduction == Decimal("81")


def test_staff_edits_apply_directly_with_an_audit_entry(staff_user, published, approved):
    services.result_set(
        project=published, actor=staff_user, year=YEAR, achieved_reduction=Decimal("68")
    )
    assert ProjectResult.objects.get(project=published).achieved_reduction == Decimal("68")
    assert not ProjectRevision.objects.exists()
    entry = AuditEntry.objects.filter(action="changed").latest("pk")
    assert entry.actor == staff_user


def test_draft_changes_apply_directly(client, lead_contact, draft):
    services.result_set(
        project=draft, actor=lead_contact, year=2023, achieved_reduction=Decimal("100")
    )
    assert ProjectResult.objects.get(project=draft).achieved_reduction == Decimal("100")
    assert not ProjectRevision.objects.exists()


def test_csv_import_creates_revisions(client, lead_contact, published, approved):
    client.force_login(lead_contact)
    content = f"projekt;jahr;t_co2e\n{published.slug};{YEAR};70,5\n{published.slug};{YEAR - 1};65\n"
    response = client.post(
        "/mein-bereich/projekte/ergebnisse/import/",
        {"file": SimpleUploadedFile("e.csv", content.encode(), "text/csv")},
    )
    assert response.context["result"].ok
    assert client.post("/mein-bereich/projekte/ergebnisse/import/bestaetigen/").status_code == 302
    assert ProjectResult.objects.get(project=published).achieved_reduction == Decimal("67.7")
    revision = published.revisions.get()
    assert [(e.year, e.achieved_reduction) for e in revision.results.all()] == [
        (YEAR - 1, Decimal("65")),
        (YEAR, Decimal("70.5")),
    ]
    assert selectors.totals().achieved == Decimal("67.7")


def test_pending_result_and_draft_result_can_be_deleted(
    client, lead_contact, published, approved, draft
):
    services.result_set(
        project=published, actor=lead_contact, year=YEAR - 1, achieved_reduction=Decimal("60")
    )
    client.force_login(lead_contact)
    response = client.post(
        f"/mein-bereich/projekte/{published.slug}/ergebnisse/{YEAR - 1}/loeschen/"
    )
    assert response.status_code == 302
    assert not ProjectRevision.objects.exists()  # the empty revision is closed
    # an approved result stays
    client.post(f"/mein-bereich/projekte/{published.slug}/ergebnisse/{YEAR}/loeschen/")
    assert ProjectResult.objects.filter(project=published, year=YEAR).exists()

    services.result_set(
        project=draft, actor=lead_contact, year=2023, achieved_reduction=Decimal("100")
    )
    client.post(f"/mein-bereich/projekte/{draft.slug}/ergebnisse/2023/loeschen/")
    assert not ProjectResult.objects.filter(project=draft).exists()
    assert AuditEntry.objects.filter(action="result_deleted", object_id=str(draft.pk)).exists()


def test_documents_of_unpublished_projects_can_be_deleted(client, lead_contact, draft, published):
    for project in (draft, published):
        services.project_document_add(
            project=project,
            actor=lead_contact,
            title="Bericht",
            file=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        )
    client.force_login(lead_contact)
    for project in (draft, published):
        document = project.documents.get()
        client.post(f"/mein-bereich/projekte/{project.slug}/nachweise/{document.pk}/loeschen/")
    assert not draft.documents.exists()
    assert published.documents.exists()
    assert AuditEntry.objects.filter(action="document_deleted", object_id=str(draft.pk)).exists()


def test_result_evidence_is_a_private_download(
    client, lead_contact, participant_contact, other_contact, published, approved
):
    approved.evidence = SimpleUploadedFile("n.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    approved.save()
    url = f"/mein-bereich/projekte/{published.slug}/ergebnisse/{YEAR}/nachweis/"
    for user in (lead_contact, participant_contact):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"].startswith("attachment")
    client.force_login(other_contact)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_pending_evidence_download(client, lead_contact, staff_user, other_contact, published):
    services.result_set(
        project=published,
        actor=lead_contact,
        year=2022,
        achieved_reduction=Decimal("100"),
        evidence=SimpleUploadedFile("z.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    url = f"/mein-bereich/projekte/{published.slug}/aenderung/ergebnisse/2022/nachweis/"
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    client.force_login(other_contact)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["anonymous", "lead", "participant", "other"])
def test_queue_and_decisions_are_staff_only(client, roles, role, published, approved):
    services.result_set(
        project=published, actor=roles["lead"], year=YEAR, achieved_reduction=Decimal("80")
    )
    user = roles[role]
    if user is not None:
        client.force_login(user)
    expected = 302 if user is None else 403
    for url in ("/stabsstelle/projekte/", revision_url(published)):
        assert client.get(url).status_code == expected, url
    for action, data in (("freigeben/", {}), ("zurueckgeben/", {"comment": "x"})):
        assert client.post(revision_url(published, action), data).status_code == expected
    assert published.revisions.get().state == ProjectRevision.State.PENDING
    assert ProjectResult.objects.get(project=published).achieved_reduction == Decimal("67.7")


def test_other_partner_and_citizen_cannot_propose(client, other_contact, published, approved):
    client.force_login(other_contact)
    response = client.post(
        result_url(published, YEAR), {"year": str(YEAR), "achieved_reduction": "80"}
    )
    assert response.status_code == 403
    client.logout()
    response = client.post(
        result_url(published, YEAR), {"year": str(YEAR), "achieved_reduction": "80"}
    )
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert not ProjectRevision.objects.exists()


def test_queue_query_count_is_constant(client, staff_user, lead_partner, lead_contact):
    def add_revision(i):
        project = ProjectFactory(lead_partner=lead_partner, slug=f"p-{i}", title=f"P {i}")
        services.result_set(
            project=project, actor=lead_contact, year=2022, achieved_reduction=Decimal("100")
        )
        services.result_set(
            project=project, actor=lead_contact, year=2023, achieved_reduction=Decimal("110")
        )

    client.force_login(staff_user)
    add_revision(0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get("/stabsstelle/projekte/").status_code == 200
    for i in range(1, 6):
        add_revision(i)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/stabsstelle/projekte/").content.decode()
    assert html.count("/aenderung/") == 6
    assert len(many) == len(few)


def test_unpublishing_needs_a_reason(client, staff_user, lead_contact, published):
    client.force_login(staff_user)
    url = f"/stabsstelle/projekte/{published.slug}/zuruecknehmen/"
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    assert "comment" in response.context["unpublish_form"].errors
    published.refresh_from_db()
    assert published.is_published
    with pytest.raises(ValidationError):
        services.project_unpublish(project=published, actor=staff_user, comment=" ")
    client.post(url, {"comment": "Zahlen unklar"})
    published.refresh_from_db()
    assert published.publication == Project.Publication.RETURNED
    assert published.staff_comment == "Zahlen unklar"
    entry = AuditEntry.objects.filter(action="unpublished").latest("pk")
    assert entry.note == "Zahlen unklar" and entry.actor == staff_user


def test_services_refuse_the_wrong_roles(lead_contact, other_contact, published, approved):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.result_set(
            project=published, actor=other_contact, year=YEAR, achieved_reduction=Decimal("80")
        )
    with pytest.raises(PermissionDenied):
        services.project_update(project=published, actor=other_contact, title="Fremd")
    services.result_set(
        project=published, actor=lead_contact, year=YEAR, achieved_reduction=Decimal("80")
    )
    revision = published.revisions.get()
    for actor in (lead_contact, other_contact, None):
        with pytest.raises(PermissionDenied):
            services.revision_approve(revision=revision, actor=actor)
        with pytest.raises(PermissionDenied):
            services.revision_return(revision=revision, actor=actor, comment="Nein")
    revision.refresh_from_db()
    assert revision.state == ProjectRevision.State.PENDING
