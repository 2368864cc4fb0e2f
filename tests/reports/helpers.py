"""Data for the annual report tests: a small alliance with known figures."""

import datetime
import io
from decimal import Decimal

import pypdf
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import Attendance
from partners.models import Partner
from projects.models import Project
from reports.models import AnnualReport
from tests.factories import (
    ActionItemFactory,
    CircleFactory,
    MeetingFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectResultFactory,
)

YEAR = 2025


def moment(month: int, day: int = 15, year: int = YEAR) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 17, 0))


def seed_alliance(scale: int = 1, prefix: str = "") -> dict:
    """Partners, projects, meetings and action items with known figures for YEAR.

    `scale` multiplies every kind of row, so two scales show whether the number of queries
    depends on the data size.
    """
    partners = []
    for i in range(3 * scale):
        partners.append(
            PartnerFactory(
                name=f"{prefix}Altpartner {i}",
                kind="unternehmen",
                joined_on=datetime.date(YEAR - 1, 5, 1),
            )
        )
    for i in range(2 * scale):
        partners.append(
            PartnerFactory(
                name=f"{prefix}Neupartner {i}", kind="verband", joined_on=datetime.date(YEAR, 3, 1)
            )
        )
    for i in range(scale):
        PartnerFactory(
            name=f"{prefix}Ausgetreten {i}",
            status=Partner.Status.WITHDRAWN,
            joined_on=datetime.date(YEAR - 2, 1, 1),
            left_on=datetime.date(YEAR, 6, 30),
        )
        PartnerFactory(name=f"{prefix}Registriert {i}", status=Partner.Status.REGISTERED)
    for i in range(4 * scale):
        project = ProjectFactory(
            title=f"{prefix}Projekt {i}",
            lead_partner=partners[i % len(partners)],
            start_date=datetime.date(YEAR, 2, 1) if i % 2 == 0 else datetime.date(YEAR - 3, 1, 1),
            status=Project.Status.COMPLETED if i % 4 == 1 else Project.Status.IN_PROGRESS,
            end_date=datetime.date(YEAR, 10, 1) if i % 4 == 1 else None,
            expected_reduction=Decimal("100.5"),
        )
        # A confirmed participation (a bare attachment is only an invitation).
        project.partners.add(
            partners[(i + 1) % len(partners)], through_defaults={"state": "bestaetigt"}
        )
        ProjectResultFactory(project=project, year=YEAR, achieved_reduction=Decimal("80.2"))
        ProjectResultFactory(project=project, year=YEAR - 1, achieved_reduction=Decimal("50.0"))
    # Not published: in no figure.
    ProjectFactory(title=f"{prefix}Entwurf", lead_partner=partners[0], publication="entwurf")
    meetings = []
    for i in range(2 * scale):
        meeting = MeetingFactory(
            title=f"{prefix}Sitzung {i}",
            starts_at=moment(3 + i % 9),
            ends_at=moment(3 + i % 9) + datetime.timedelta(hours=2),
            state="stattgefunden",
            summary="Die Allianz hat **getagt**.",
        )
        meetings.append(meeting)
        for partner in partners[:3]:
            Attendance.objects.create(meeting=meeting, partner=partner)
        CircleFactory(
            meeting=meeting,
            title=f"{prefix}Kreis {i}",
            results_discussion="Solarpflicht für Neubauten besprochen.",
            results_next_steps="Leitfaden bis Juni.",
        )
        item = ActionItemFactory(meeting=meeting, responsible_partner=partners[0])
        item.status = "erledigt"
        item.closed_at = moment(11)
        item.save()
        ActionItemFactory(meeting=meeting, responsible_partner=partners[1])
    # A meeting announced but not held does not count.
    MeetingFactory(title=f"{prefix}Geplant", starts_at=moment(12), ends_at=moment(12, 16))
    return {"partners": partners, "meetings": meetings}


def expected_key_figures(scale: int = 1) -> dict:
    return {
        "partners": 5 * scale,
        "new_signatories": 2 * scale,
        "withdrawals": scale,
        "projects": 4 * scale,
        "new_projects": 2 * scale,
        "completed_projects": scale,
        "expected": str(Decimal("100.5") * 4 * scale),
        "achieved": str(Decimal("80.2") * 4 * scale),
        "meetings_held": 2 * scale,
        "action_items_done": 2 * scale,
        "action_items_open": 2 * scale,
    }


def done_report(year: int = YEAR, *, published: bool = False, **fields) -> AnnualReport:
    """A finished report with a small PDF file, without rendering."""
    version = AnnualReport.objects.filter(year=year).count() + 1
    report = AnnualReport(
        year=year,
        version=version,
        state=AnnualReport.State.DONE,
        finished_at=timezone.now(),
        published=published,
        published_at=timezone.now() if published else None,
        page_count=1,
        **fields,
    )
    content = b"%PDF-1.7\n% test\n"
    report.pdf.save(f"test-{year}-{version}.pdf", ContentFile(content), save=False)
    report.size = len(content)
    report.save()
    return report


def pdf_reader(content: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(content))


def pdf_text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def assert_tagged_german(reader: pypdf.PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])  # a pypdf BooleanObject
    assert str(root["/Lang"]).lower().startswith("de")


def embedded_fonts(reader: pypdf.PdfReader) -> set[str]:
    """Base names of the fonts used on any page whose font program is embedded."""
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptors = [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])
            ]
            descriptors.append(font.get("/FontDescriptor"))
            for descriptor in filter(None, descriptors):
                descriptor = descriptor.get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]).split("+")[-1])
    return names
