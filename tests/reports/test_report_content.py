"""Annual report #17: the right year's figures, the chapters, German labels, scoped headers."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from climate.models import CityEmissions
from decisions.models import Position, Proposal
from partners.models import Partner
from projects.models import Project
from reports.rendering import render_report_pdf, report_html
from reports.snapshot import build_snapshot
from tests.factories import PartnerFactory, ProjectFactory, ProjectResultFactory, _plenary
from tests.reports.helpers import YEAR, moment, pdf_reader, pdf_text, seed_alliance

pytestmark = pytest.mark.django_db


def later_year_figures():
    """Everything of YEAR + 1, entered before the report for YEAR is made."""
    CityEmissions.objects.create(
        year=YEAR - 2, total_t=Decimal("1500000"), population=240000, source="Stadt 2023"
    )
    CityEmissions.objects.create(
        year=YEAR + 1, total_t=Decimal("900000"), population=250000, source="Stadt 2026"
    )
    partner = PartnerFactory(name="Späterer Partner", joined_on=datetime.date(YEAR + 1, 2, 1))
    later = ProjectFactory(
        title="Projekt aus dem Folgejahr",
        lead_partner=partner,
        start_date=datetime.date(YEAR + 1, 2, 1),
        expected_reduction=Decimal("999"),
    )
    ProjectResultFactory(project=later, year=YEAR + 1, achieved_reduction=Decimal("777"))
    # A result of the following year for a project of the report's year.
    return partner


def test_report_of_a_year_shows_that_year_not_the_next(db):
    seed_alliance()
    first = ProjectFactory._meta.model.objects.get(title="Projekt 0")
    ProjectResultFactory(project=first, year=YEAR + 1, achieved_reduction=Decimal("5000"))
    later_year_figures()
    data = build_snapshot(year=YEAR)
    k = data["key_figures"]
    assert k["partners"] == 5 and k["projects"] == 4
    assert k["achieved"] == "320.8" and k["expected"] == "402.0"
    assert k["per_capita_year"] == YEAR - 2 and k["per_capita"] == "6.25"
    assert data["emissions"]["balance_is_of_year"] is False
    assert [row["year"] for row in data["emissions"]["years"]] == [YEAR - 2]
    assert all(p["actual"] is None for p in data["emissions"]["points"] if p["year"] > YEAR)
    assert all(c["year"] <= YEAR for c in data["emissions"]["contributions"])
    titles = {row["title"] for row in data["projects"]["table"]}
    assert "Projekt aus dem Folgejahr" not in titles
    project0 = next(row for row in data["projects"]["table"] if row["title"] == "Projekt 0")
    assert project0["achieved"] == "80.2" and project0["achieved_to_date"] == "130.2"
    html = report_html({**data, "version": 1})
    assert "Bilanz 2025 liegt noch nicht vor; letzte Bilanz: 2023" in html
    assert "Stadt 2026" not in html and "900.000" not in html
    assert "Projekt aus dem Folgejahr" not in html and "Späterer Partner" not in html
    assert "Veröffentlichte Projekte, begonnen bis 31. Dezember 2025" in html
    text = pdf_text(pdf_reader(render_report_pdf(html).content))
    assert "Bilanz 2025 liegt noch nicht vor; letzte Bilanz: 2023" in text
    assert "1.500.000,0" in text and "240.000" in text and "Stadt 2023" in text
    assert "Stadt 2026" not in text and "Projekt aus dem Folgejahr" not in text


def test_the_balance_of_the_year_is_used_when_there(db):
    CityEmissions.objects.create(
        year=YEAR,
        total_t=Decimal("1200000"),
        population=240000,
        source="Landeshauptstadt Magdeburg, Klimabilanz",
        households_t=Decimal("300000"),
        commerce_t=Decimal("200000"),
        industry_t=Decimal("300000"),
        municipal_t=Decimal("100000"),
        transport_t=Decimal("300000"),
    )
    with translation.override("de"):
        data = build_snapshot(year=YEAR)
    assert data["emissions"]["balance_is_of_year"] is True
    assert len(data["emissions"]["balance"]["sectors"]) == 5
    html = report_html({**data, "version": 1})
    assert "liegt noch nicht vor" not in html
    assert "Emissionen nach Sektor 2025 (BISKO)" in html
    assert "1.200.000,0" in html and "Private Haushalte" in html


def test_a_completed_project_was_in_progress_at_the_end_of_an_earlier_year(db):
    partner = PartnerFactory(joined_on=datetime.date(YEAR - 2, 1, 1))
    ProjectFactory(
        title="Später abgeschlossen",
        lead_partner=partner,
        start_date=datetime.date(YEAR - 1, 1, 1),
        status="abgeschlossen",
        end_date=datetime.date(YEAR + 1, 3, 1),
    )
    row = build_snapshot(year=YEAR)["projects"]["table"][0]
    assert row["status"] == str(Project.Status.IN_PROGRESS.label) and row["end_date"] is None


def test_outlook_headings_stay_inside_the_chapter_and_emoji_are_no_boxes(db):
    outlook = "## Schwerpunkte 🌱\n\nMehr **Photovoltaik** ☀.\n\n### Im Detail\n\nText."
    data = build_snapshot(year=YEAR, outlook=outlook)
    html = report_html({**data, "version": 1})
    chapter = html[html.index('id="outlook"') : html.index('id="project-list"')]
    assert "<h3>Schwerpunkte" in chapter and "<h4>Im Detail</h4>" in chapter
    assert "<h2>Schwerpunkte" not in html
    assert "🌱" not in html
    text = pdf_text(pdf_reader(render_report_pdf(html).content))
    assert "Schwerpunkte" in text


def test_german_labels_count_units_and_scoped_headers(db):
    seed_alliance()
    CityEmissions.objects.create(
        year=YEAR - 1, total_t=Decimal("1234567.8"), population=240000, source="Stadt"
    )
    html = report_html({**build_snapshot(year=YEAR), "version": 1})
    assert ">Anzahl<" in html
    headers = re.findall(r"<th(?![a-z])([^>]*)>", html)
    assert headers and all("scope=" in attrs for attrs in headers), headers
    assert "402,0" in html and "t CO2e" in html and "1.234.567,8" in html
    # Every chart has its alt text (title and description) and a legend and axis label.
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Zielpfad" in html and "t CO2e je Einwohner" in html


def test_objection_reasons_without_names_for_decisions_not_adopted(db):
    objector = PartnerFactory(name="Einwand GmbH", joined_on=datetime.date(YEAR - 1, 1, 1))
    proposal = Proposal.objects.create(
        title="Gemeinsame Wärmestrategie",
        text="Text",
        body=_plenary(),
        procedure="umlauf",
        state="nicht_angenommen",
        number="KA-2025-07",
        decided_at=moment(9),
        deadline=moment(9),
        objection_count=1,
    )
    Position.objects.create(
        proposal=proposal, partner=objector, value="einwand", reason="Die Kosten sind offen."
    )
    data = build_snapshot(year=YEAR)
    decision = data["decisions"]["list"][0]
    assert decision["objection_reasons"] == ["Die Kosten sind offen."]
    html = report_html({**data, "version": 1})
    assert "Die Kosten sind offen." in html
    assert 'Nummer</th><th scope="col">Datum' in html  # a decision's number is a "Nummer"
    decisions = html[html.index('id="decisions"') : html.index('id="working-groups"')]
    assert "Einwand GmbH" not in decisions


def test_compliance_names_only_listed_partners(db):
    named = PartnerFactory(name="Meldet nicht", joined_on=datetime.date(YEAR - 1, 1, 1))
    hidden = PartnerFactory(
        name="Verborgen AG", joined_on=datetime.date(YEAR - 1, 1, 1), public_listing=False
    )
    for partner in (named, hidden):
        ProjectFactory(lead_partner=partner, start_date=datetime.date(YEAR - 1, 1, 1))
    compliance = build_snapshot(year=YEAR)["compliance"]
    assert compliance["partners_reporting"] == 2 and compliance["complete"] == 0
    assert [row["name"] for row in compliance["missing"]] == ["Meldet nicht"]
    assert compliance["missing_unnamed"] == 1
    assert Partner.objects.count() == 2


def test_decisions_carry_their_follow_up_status(db):
    from decisions.selectors import FOLLOW_UP_LABELS

    Proposal.objects.create(
        title="Leitfaden Solardächer",
        text="Text",
        body=_plenary(),
        procedure="umlauf",
        state="angenommen",
        number="KA-2025-03",
        decided_at=moment(4),
        deadline=moment(4),
        consent_count=3,
    )
    with translation.override("de"):
        data = build_snapshot(year=YEAR)
        html = report_html({**data, "version": 1})
    decision = data["decisions"]["list"][0]
    with translation.override("de"):
        assert decision["followup"]["status"] == str(FOLLOW_UP_LABELS["offen"])
    assert "Umsetzung (Stand der Erstellung)" in html
