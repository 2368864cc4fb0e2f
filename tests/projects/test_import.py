"""CSV bulk update of yearly results: preview, line-numbered errors, all or nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from projects.models import ProjectResult
from tests.factories import ProjectFactory, ProjectResultFactory

pytestmark = pytest.mark.django_db

UPLOAD = "/mein-bereich/projekte/ergebnisse/import/"
CONFIRM = "/mein-bereich/projekte/ergebnisse/import/bestaetigen/"


def upload(client, content: bytes, name="ergebnisse.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.fixture
def second(lead_partner):
    # A draft whose expected reduction makes the file's values plausible (issue #13).
    return ProjectFactory(
        title="Zweites",
        slug="zweites",
        lead_partner=lead_partner,
        publication="entwurf",
        expected_reduction=Decimal("1000"),
    )


@pytest.mark.parametrize(
    "content",
    [
        b"projekt;jahr;t_co2e\nwaermenetz-anschluss;2022;12,5\nzweites;2023;1.234,5\n",
        "\ufeffprojekt;jahr;t_co2e\r\nwaermenetz-anschluss;2022;12,5\r\nzweites;2023;1234.5\r\n".encode(),
        b'project,year,t_co2e\nwaermenetz-anschluss,2022,"12,5"\nzweites,2023,1234.5\n',
        b"waermenetz-anschluss,2022,12.5\n\nzweites,2023,1234.5\n",
    ],
    ids=["semicolon", "bom-crlf", "comma-quoted", "no-header"],
)
def test_valid_file_preview_then_confirm(client, lead_contact, published, second, content):
    ProjectResultFactory(project=published, year=2022, achieved_reduction=Decimal("10"))
    client.force_login(lead_contact)
    response = upload(client, content)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.errors == []
    assert [(r.project.slug, r.year, r.value, r.change) for r in result.rows] == [
        ("waermenetz-anschluss", 2022, Decimal("12.5"), "changed"),
        ("zweites", 2023, Decimal("1234.5"), "new"),
    ]
    assert ProjectResult.objects.get(project=published).achieved_reduction == Decimal("10")
    html = response.content.decode()
    assert "import/bestaetigen/" in html
    response = client.post(CONFIRM)
    assert response.status_code == 302
    # The published project's value waits for review (issue #13); the draft's is saved.
    assert ProjectResult.objects.get(project=published).achieved_reduction == Decimal("10")
    pending = published.revisions.get().results.get(year=2022)
    assert pending.achieved_reduction == Decimal("12.5")
    assert ProjectResult.objects.get(project=second, year=2023).achieved_reduction == Decimal(
        "1234.5"
    )
    # the stored preview is used once
    assert client.post(CONFIRM).status_code == 302
    assert ProjectResult.objects.count() == 2


def test_broken_file_lists_errors_by_line_and_saves_nothing(
    client, lead_contact, published, second, other_partner
):
    foreign = ProjectFactory(slug="fremdes", lead_partner=other_partner)
    future = timezone.localdate().year + 1
    content = (
        "projekt;jahr;t_co2e\n"
        "waermenetz-anschluss;2022;12,5\n"  # line 2 ok
        "gibt-es-nicht;2022;1\n"  # 3 unknown
        f"{foreign.slug};2022;1\n"  # 4 not theirs
        "zweites;2019;1\n"  # 5 before start
        f"zweites;{future};1\n"  # 6 future
        "zweites;2022;-3\n"  # 7 negative
        "zweites;2023;2000000\n"  # 8 absurd
        "zweites;zwanzig;1\n"  # 9 not a year
        "zweites;2024;viel\n"  # 10 not a number
        "waermenetz-anschluss;2022;13\n"  # 11 duplicate of line 2
        "zweites;2022\n"  # 12 missing column
    ).encode()
    client.force_login(lead_contact)
    response = upload(client, content)
    result = response.context["result"]
    assert [line for line, _ in result.errors] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    html = response.content.decode()
    assert "Zeile 3" in html
    assert "import/bestaetigen/" not in html
    assert client.post(CONFIRM).status_code == 302
    assert not ProjectResult.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00p\x00r", b"projekt;jahr;t\n", b"a,b,12,5\n"],
    ids=["empty", "utf16", "header-only", "comma-decimal-unquoted"],
)
def test_unreadable_files(client, lead_contact, published, content):
    client.force_login(lead_contact)
    response = upload(client, content)
    assert response.status_code == 200
    if "form" in response.context and response.context["form"].errors:
        return
    assert response.context["result"].errors
    assert not ProjectResult.objects.exists()


def test_confirm_revalidates_when_permissions_changed(client, lead_contact, published):
    client.force_login(lead_contact)
    upload(client, b"waermenetz-anschluss;2022;50\n")
    published.lead_partner = ProjectFactory().lead_partner
    published.save()
    response = client.post(CONFIRM)
    assert response.status_code == 200
    assert response.context["result"].errors
    assert not ProjectResult.objects.exists()


def test_staff_may_import_for_any_project(client, staff_user, published):
    client.force_login(staff_user)
    upload(client, b"waermenetz-anschluss;2022;5\n")
    assert client.post(CONFIRM).status_code == 302
    assert ProjectResult.objects.get().achieved_reduction == Decimal("5")
