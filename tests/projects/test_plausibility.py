"""Plausibility flags (projects/plausibility.py): the thresholds, the required justification in
the form, the service and the CSV import, and the flags staff see."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from projects import plausibility, services
from projects.models import ProjectResult, ProjectRevision
from tests.factories import ProjectResultFactory

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected", "previous", "codes"),
    [
        (D("100"), D("100"), D("90"), []),
        (D("301"), D("100"), None, ["above_expected"]),
        (D("300"), D("100"), None, []),
        (D("9.9"), D("100"), None, ["below_expected"]),
        (D("10"), D("100"), None, []),
        (D("5"), D("0"), None, ["expected_zero"]),
        (D("0"), D("0"), None, []),
        (D("201"), D("150"), D("100"), ["jump"]),
        (D("200"), D("150"), D("100"), []),
        (D("49"), D("60"), D("100"), ["drop"]),
        (D("50"), D("60"), D("100"), []),
        (D("10"), None, D("0"), ["jump"]),
        (D("1000"), D("100"), D("100"), ["above_expected", "jump"]),
    ],
)
def test_result_thresholds(value, expected, previous, codes):
    flags = plausibility.result_flags(value=value, expected=expected, previous=previous)
    assert [f.code for f in flags] == codes
    assert plausibility.needs_justification(flags) == bool(codes)


def test_missing_evidence_and_method_is_a_hint_only():
    flags = plausibility.result_flags(
        value=D("100"), expected=D("100"), previous=None, has_evidence=False, has_method=False
    )
    assert [f.code for f in flags] == ["no_evidence"]
    assert not plausibility.needs_justification(flags)


@pytest.mark.parametrize(
    ("old", "new", "flagged"),
    [(D("100"), D("201"), True), (D("100"), D("200"), False), (D("100"), D("49"), True)],
)
def test_expected_change_threshold(old, new, flagged):
    assert bool(plausibility.expected_change_flags(old=old, new=new)) is flagged


pytestmark = pytest.mark.django_db


def result_url(project, year=None):
    base = f"/mein-bereich/projekte/{project.slug}/ergebnisse/"
    return base + (f"{year}/" if year else "neu/")


def test_form_requires_justification_and_explains_it(client, lead_contact, draft):
    client.force_login(lead_contact)
    page = client.get(result_url(draft)).content.decode()
    # the thresholds are shown before anything is entered (expected 120,5 t per year)
    assert "unter 12,1 oder über 361,5 t CO2e" in page
    response = client.post(result_url(draft), {"year": "2022", "achieved_reduction": "5000"})
    assert response.status_code == 200
    errors = response.context["form"].errors["justification"]
    assert "mehr als das 3-Fache" in errors[0] and "begründen Sie" in errors[0]
    assert "Bitte prüfen Sie den Wert" in response.content.decode()
    assert not ProjectResult.objects.exists()
    response = client.post(
        result_url(draft),
        {"year": "2022", "achieved_reduction": "5000", "justification": "Sondereffekt."},
    )
    assert response.status_code == 302
    assert ProjectResult.objects.get().justification == "Sondereffekt."


def test_jump_against_previous_year_needs_justification(client, lead_contact, draft):
    ProjectResultFactory(project=draft, year=2022, achieved_reduction=D("100"))
    client.force_login(lead_contact)
    page = client.get(result_url(draft)).content.decode()
    response = client.post(result_url(draft), {"year": "2023", "achieved_reduction": "250"})
    assert "doppelt so viel wie das Ergebnis des Vorjahres" in str(
        response.context["form"].errors["justification"]
    )
    assert page  # the form renders


def test_service_requires_justification_from_partners_not_staff(
    lead_contact, staff_user, draft, published
):
    with pytest.raises(ValidationError) as excinfo:
        services.result_set(
            project=draft, actor=lead_contact, year=2022, achieved_reduction=D("5000")
        )
    assert "justification" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.result_set(
            project=published, actor=lead_contact, year=2022, achieved_reduction=D("1")
        )
    assert not ProjectRevision.objects.exists()
    services.result_set(project=draft, actor=staff_user, year=2022, achieved_reduction=D("5000"))


def test_flags_are_kept_with_the_pending_value(lead_contact, published):
    entry = services.result_set(
        project=published,
        actor=lead_contact,
        year=2022,
        achieved_reduction=D("1"),
        justification="Anlage lange ausgefallen.",
    )
    # the factory's project has neither a calculation method nor evidence: a hint on top
    assert [f["code"] for f in entry.flags] == ["below_expected", "no_evidence"]
    assert entry.justification == "Anlage lange ausgefallen."


def test_large_change_of_expected_reduction_needs_justification(lead_contact, published):
    with pytest.raises(ValidationError) as excinfo:
        services.project_update(project=published, actor=lead_contact, expected_reduction=D("500"))
    assert "justification" in excinfo.value.message_dict
    services.project_update(
        project=published,
        actor=lead_contact,
        expected_reduction=D("500"),
        justification="Zweiter Bauabschnitt.",
    )
    revision = published.revisions.get()
    assert [f["code"] for f in revision.flags] == ["expected_change"]
    published.refresh_from_db()
    assert published.expected_reduction == D("120.5")


def test_edit_form_shows_the_expected_change_hint(client, lead_contact, published):
    client.force_login(lead_contact)
    html = client.get(f"/mein-bereich/projekte/{published.slug}/bearbeiten/").content.decode()
    assert "weniger als 60,3 oder mehr als 241,0 t CO2e" in html


def upload(client, content: str):
    return client.post(
        "/mein-bereich/projekte/ergebnisse/import/",
        {"file": SimpleUploadedFile("e.csv", content.encode(), "text/csv")},
    )


def test_import_flags_rows_and_takes_a_justification_column(client, lead_contact, published):
    client.force_login(lead_contact)
    response = upload(client, f"{published.slug};2022;5000\n")
    result = response.context["result"]
    assert not result.ok
    assert "vierte Spalte" in result.errors[0][1]
    response = upload(
        client, f"{published.slug};2022;5000;Sondereffekt\n{published.slug};2023;5000\n"
    )
    result = response.context["result"]
    # the second line is compared with the first (no jump), but still with the expected value
    assert [line for line, _message in result.errors] == [2]
    response = upload(client, f"{published.slug};2022;5000;Sondereffekt\n")
    result = response.context["result"]
    assert result.ok and [f.code for f in result.rows[0].flags] == ["above_expected"]
    assert "mehr als das 3-Fache" in response.content.decode()
    client.post("/mein-bereich/projekte/ergebnisse/import/bestaetigen/")
    entry = published.revisions.get().results.get()
    assert entry.justification == "Sondereffekt" and entry.flags


def test_staff_import_does_not_require_justification(client, staff_user, published):
    client.force_login(staff_user)
    response = upload(client, f"{published.slug};2022;5000\n")
    assert response.context["result"].ok
