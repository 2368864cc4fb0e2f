"""About 40 realistic demo projects over the four fields of action, with yearly results.

Idempotent: a project whose slug exists is left alone. Leads and participants are picked
deterministically from the active demo partners. Changes go through the services (no mails).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from partners.models import Body, Partner

from . import services
from .models import Project

E, G, V, K = (
    "energiesysteme-stromnutzung",
    "gebaeude-stadtplanung",
    "verkehr",
    "kommunikation-buerger",
)
P = Project.Status.PLANNED
U = Project.Status.IN_PROGRESS
A = Project.Status.COMPLETED
X = Project.Status.DISCONTINUED

# (title, field, status, start year, expected t CO2e/a, summary)
DEMO_PROJECTS = [
    (
        "Photovoltaik auf dem Lagerdach Rothensee",
        E,
        U,
        2021,
        "182.0",
        "480 kWp Dachanlage auf der Logistikhalle, Eigenverbrauch im Betrieb.",
    ),
    (
        "Fernwärmeanschluss Verwaltungsgebäude Buckau",
        E,
        A,
        2019,
        "96.5",
        "Umstellung der Gaskessel auf die Fernwärme der Stadtwerke.",
    ),
    (
        "LED-Umrüstung der Produktionshallen",
        E,
        A,
        2020,
        "64.0",
        "Rund 1.200 Leuchtstoffröhren durch LED mit Präsenzsteuerung ersetzt.",
    ),
    (
        "Wärmepumpe für das Kundenzentrum",
        E,
        U,
        2022,
        "38.4",
        "Luft-Wasser-Wärmepumpe mit Pufferspeicher ersetzt die Ölheizung.",
    ),
    (
        "Bürgersolaranlage Sudenburg",
        E,
        U,
        2023,
        "120.0",
        "Gemeinschaftliche PV-Anlage auf Schuldächern, finanziert von Bürgerinnen und Bürgern.",
    ),
    (
        "Abwärmenutzung aus der Kälteanlage",
        E,
        A,
        2018,
        "75.2",
        "Die Abwärme der Kühlräume heizt Büros und Brauchwasser.",
    ),
    (
        "Lastmanagement und Energiemonitoring",
        E,
        U,
        2022,
        "42.0",
        "Zählerstruktur und Monitoring senken Spitzenlast und Verbrauch.",
    ),
    (
        "Batteriespeicher am Umspannwerk Nord",
        E,
        P,
        2025,
        "55.0",
        "Speicher für Überschussstrom aus den PV-Anlagen im Quartier.",
    ),
    (
        "Druckluftleckagen beseitigt",
        E,
        A,
        2020,
        "18.6",
        "Ultraschall-Ortung und Reparatur aller Leckagen im Druckluftnetz.",
    ),
    (
        "Balkonkraftwerke für Mieterinnen und Mieter",
        E,
        U,
        2023,
        "27.5",
        "Zuschuss und Montagehilfe für steckerfertige Solargeräte.",
    ),
    (
        "Energetische Sanierung Wohnblock Neu Olvenstedt",
        G,
        U,
        2021,
        "310.0",
        "Dämmung von Fassade und Dach, neue Fenster, hydraulischer Abgleich.",
    ),
    (
        "Dachdämmung der Turnhalle",
        G,
        A,
        2019,
        "22.8",
        "24 cm Zwischensparrendämmung und neue Dachabdichtung.",
    ),
    (
        "Klimaquartier Alte Neustadt",
        G,
        P,
        2025,
        "450.0",
        "Quartierskonzept mit Nahwärme, Gründächern und Mobilitätsstation.",
    ),
    (
        "Fenstertausch im Bürohaus am Hasselbachplatz",
        G,
        A,
        2020,
        "31.0",
        "Dreifachverglasung statt einfacher Verbundfenster.",
    ),
    (
        "Gründach auf dem Werkstattgebäude",
        G,
        A,
        2021,
        "4.2",
        "Extensive Dachbegrünung verbessert Dämmung und Stadtklima.",
    ),
    (
        "Heizungsoptimierung in 40 Mehrfamilienhäusern",
        G,
        U,
        2022,
        "140.0",
        "Einzelraumregelung, Pumpentausch und niedrigere Vorlauftemperaturen.",
    ),
    ("Holzbau-Kita Stadtfeld", G, U, 2023, "60.0", "Neubau in Holzbauweise als Passivhaus."),
    (
        "Serielle Sanierung Plattenbau Reform",
        G,
        P,
        2026,
        "260.0",
        "Vorgefertigte Fassadenelemente mit integrierter Dämmung und Lüftung.",
    ),
    (
        "Kellerdeckendämmung für Eigentümer",
        G,
        X,
        2020,
        "12.0",
        "Beratung und Sammelbestellung; eingestellt mangels Nachfrage.",
    ),
    (
        "Energieausweis-Check für Vereinsheime",
        G,
        A,
        2019,
        "9.5",
        "Vor-Ort-Checks und kleine Maßnahmen in Vereinsheimen.",
    ),
    (
        "Elektrifizierung der Servicefahrzeuge",
        V,
        U,
        2021,
        "85.0",
        "22 Dieseltransporter durch E-Transporter ersetzt, Laden am Betriebshof.",
    ),
    (
        "JobRad für alle Beschäftigten",
        V,
        U,
        2020,
        "48.0",
        "Dienstradleasing mit Zuschuss des Arbeitgebers.",
    ),
    (
        "E-Busse auf der Linie 73",
        V,
        U,
        2022,
        "210.0",
        "Sechs batterieelektrische Busse ersetzen Dieselbusse.",
    ),
    (
        "Lastenrad-Verleih in der Innenstadt",
        V,
        A,
        2019,
        "11.0",
        "Zehn Lastenräder kostenlos auszuleihen an Stationen im Zentrum.",
    ),
    (
        "Betriebliches Mobilitätsmanagement",
        V,
        U,
        2023,
        "36.0",
        "Jobticket, Fahrgemeinschaften und Parkraumbewirtschaftung.",
    ),
    (
        "Ladeinfrastruktur am Kundenparkplatz",
        V,
        A,
        2021,
        "14.0",
        "20 Ladepunkte mit Ökostrom für Kundschaft und Beschäftigte.",
    ),
    (
        "Umstellung der Kehrmaschinen auf HVO",
        V,
        X,
        2021,
        "40.0",
        "Probebetrieb mit hydriertem Pflanzenöl; eingestellt wegen Lieferengpässen.",
    ),
    (
        "Fahrradparkhaus am Hauptbahnhof",
        V,
        P,
        2025,
        "25.0",
        "600 gesicherte Stellplätze stärken Rad und Bahn.",
    ),
    (
        "Videokonferenzen statt Dienstreisen",
        V,
        A,
        2020,
        "19.5",
        "Dienstreiserichtlinie und Technik für virtuelle Besprechungen.",
    ),
    (
        "E-Carsharing im Wohnquartier",
        V,
        U,
        2022,
        "21.0",
        "Acht E-Autos für Mieterinnen und Mieter, buchbar per App.",
    ),
    (
        "Klimaschule: Energiedetektive",
        K,
        U,
        2021,
        "15.0",
        "Schülerinnen und Schüler messen Verbrauch und schlagen Maßnahmen vor.",
    ),
    (
        "Klimawoche Magdeburg",
        K,
        A,
        2022,
        "8.0",
        "Aktionswoche mit Werkstätten, Stadtführungen und Reparaturcafés.",
    ),
    (
        "Energieberatung im Stadtteilbüro",
        K,
        U,
        2020,
        "30.0",
        "Kostenlose Beratung zu Strom, Heizung und Fördermitteln.",
    ),
    (
        "Azubi-Energiescouts",
        K,
        A,
        2019,
        "12.5",
        "Auszubildende finden Einsparpotenziale in ihren Betrieben.",
    ),
    (
        "Stromsparcheck für Haushalte",
        K,
        U,
        2021,
        "26.0",
        "Geschulte Checkerinnen und Checker beraten einkommensschwache Haushalte.",
    ),
    (
        "Klimafrühstück für Unternehmen",
        K,
        U,
        2023,
        "5.0",
        "Monatlicher Austausch zu Praxisbeispielen in der Region.",
    ),
    (
        "Mehrweg statt Einweg in der Kantine",
        K,
        A,
        2020,
        "7.4",
        "Mehrweggeschirr und Pfandsystem für Speisen zum Mitnehmen.",
    ),
    (
        "Baumpatenschaften im Quartier",
        K,
        P,
        2025,
        "3.0",
        "Bewohnerinnen und Bewohner pflegen Straßenbäume.",
    ),
    (
        "Ausstellung Klimastadt Magdeburg",
        K,
        A,
        2018,
        "2.0",
        "Wanderausstellung zu Klimafolgen und Klimaschutz in der Stadt.",
    ),
    (
        "Repair-Café im Bürgerhaus",
        K,
        U,
        2022,
        "4.5",
        "Reparieren statt wegwerfen, einmal im Monat.",
    ),
]

ADDRESSES = [
    ("Am Hansehafen 12, 39126 Magdeburg", "52.1630", "11.6430"),
    ("Schönebecker Straße 80, 39104 Magdeburg", "52.1080", "11.6420"),
    ("Halberstädter Straße 100, 39112 Magdeburg", "52.1180", "11.6040"),
    ("Breiter Weg 200, 39104 Magdeburg", "52.1270", "11.6350"),
    ("Olvenstedter Scheid 20, 39130 Magdeburg", "52.1500", "11.5700"),
]

# Demo projects whose results are entered as activity data (#15.2): energy carriers with
# their share of the reduction, and the data-quality grade. The quantities are derived from
# the yearly figure so that the computed t CO2e follow the same ramp as the other projects.
ACTIVITY_RESULTS = {
    "Photovoltaik auf dem Lagerdach Rothensee": ([("strom", "1")], "A"),
    "Fernwärmeanschluss Verwaltungsgebäude Buckau": ([("erdgas", "0.8"), ("heizoel", "0.2")], "B"),
    "Heizungsoptimierung in 40 Mehrfamilienhäusern": ([("erdgas", "1")], "B"),
    "Elektrifizierung der Servicefahrzeuge": ([("diesel", "1")], "C"),
}


def _activity_lines(mix, tonnes: Decimal, year: int) -> list | None:
    """Quantities (whole kWh or litres) that come to `tonnes` with the factors valid in
    `year`; None if a factor is missing (the value is then entered in t CO2e)."""
    from climate.selectors import factor_for

    from .activity import LineInput

    lines = []
    for carrier, share in mix:
        factor = factor_for(carrier, year)
        if factor is None or not factor.kg_co2e_per_unit:
            return None
        quantity = (tonnes * 1000 * Decimal(share) / factor.kg_co2e_per_unit).quantize(Decimal(1))
        lines.append(LineInput(carrier, max(quantity, Decimal(1)), factor.unit))
    return lines


# Which demo projects stay drafts, are submitted or returned (indices into DEMO_PROJECTS).
DRAFTS = {7, 17}
SUBMITTED = {12, 27}
RETURNED = {18, 37}


def _slug(title: str) -> str:
    from core.slugs import german_slugify

    return german_slugify(title)


def _answer_invitations(project: Project, *, leave_open: bool) -> None:
    """The invited partners' contacts confirm, except on some projects, whose requests stay
    open on the invited partners' dashboards."""
    if leave_open:
        return
    for participation in project.participations.invited().select_related("partner"):
        contact = participation.partner.contacts.select_related("user").first()
        if contact is not None:
            services.participation_confirm(participation=participation, actor=contact.user)


def seed() -> list[tuple[str, str, str]]:
    partners = list(Partner.objects.active().order_by("name"))
    if not partners:
        return []
    staff = User.objects.filter(email="stabsstelle@klimaportal.example").first()
    groups = {body.slug: body for body in Body.objects.working_groups()}
    last_year = timezone.localdate().year - 1
    for i, (title, field, status, start, expected, summary) in enumerate(DEMO_PROJECTS):
        if Project.objects.filter(slug=_slug(title)).exists():
            continue
        lead = partners[i % len(partners)]
        participants = [partners[(i + step) % len(partners)] for step in (1, 3) if i % 3 != 0]
        contact = lead.contacts.select_related("user").first()
        actor = contact.user if contact else staff
        address, lat, lon = ADDRESSES[i % len(ADDRESSES)]
        end = None
        if status in {Project.Status.COMPLETED, Project.Status.DISCONTINUED}:
            end = datetime.date(min(start + 2, last_year), 12, 31)
        if status == Project.Status.PLANNED:
            # A planned project cannot have started more than a year ago (issue #13).
            start = max(start, last_year + 1)
        project = services.project_create(
            actor=actor,
            lead_partner=lead,
            participants=[p for p in participants if p != lead],
            title=title,
            summary=summary,
            description=(
                f"{summary}\n\n## Vorgehen\n\n- Bestandsaufnahme und Planung\n"
                "- Umsetzung mit regionalen Betrieben\n- Jährliche Auswertung der Einsparung"
            ),
            field_of_action=groups[field],
            status=status,
            start_date=datetime.date(start, 1 + i % 12, 1),
            end_date=end,
            address=address if i % 4 else "",
            latitude=Decimal(lat) if i % 4 else None,
            longitude=Decimal(lon) if i % 4 else None,
            expected_reduction=Decimal(expected),
            baseline="Verbrauch und Emissionen im Jahr vor Projektbeginn.",
            calculation_method="Eingesparte Energiemenge × Emissionsfaktor des Energieträgers.",
            emission_factor_source="Umweltbundesamt, Emissionsfaktoren 2023",
            # Credited only what started before the lead partner joined (DESIGN.md).
            credited=bool(lead.joined_on) and datetime.date(start, 1 + i % 12, 1) < lead.joined_on,
        )
        _answer_invitations(project, leave_open=i % 4 == 1)
        if status != Project.Status.PLANNED:
            # A discontinued project takes no results after its stop year.
            last = end.year if status == Project.Status.DISCONTINUED else last_year
            mix, grade = ACTIVITY_RESULTS.get(title, (None, ""))
            for year in range(start, last + 1):
                ramp = min(Decimal(1), Decimal(year - start + 1) / 3)
                value = (Decimal(expected) * ramp * Decimal("0.9")).quantize(Decimal("0.1"))
                lines = _activity_lines(mix, value, year) if mix else None
                figures = (
                    {"lines": lines, "data_quality": grade}
                    if lines
                    else {"achieved_reduction": value}
                )
                services.result_set(
                    project=project,
                    actor=actor,
                    year=year,
                    **figures,
                    note="Auswertung der Zählerdaten" if year == last_year else "",
                    justification=(
                        "Hochlauf in den ersten Betriebsjahren." if year - start < 3 else ""
                    ),
                )
        if i in DRAFTS:
            continue
        services.project_submit(project=project, actor=actor, notify=False)
        if i in SUBMITTED:
            continue
        if i in RETURNED:
            services.project_return(
                project=project,
                actor=staff,
                comment="Bitte ergänzen Sie die Quelle der Emissionsfaktoren und die Baseline.",
                notify=False,
            )
            continue
        services.project_publish(project=project, actor=staff, notify=False)
    seed_reporting(partners=partners, staff=staff, groups=groups)
    return []


# --- Reporting compliance (#15.5) --------------------------------------------------------------
# Last year's deadline (31 March of this year), the many projects above that have reported, and
# three running projects whose last result is the year before: two still owe last year's report,
# one states "nothing to report" with a reason.
REPORTING_DEMO = [
    (
        "Blockheizkraftwerk im Hallenbad Nord",
        G,
        2020,
        "58.0",
        "Ein BHKW versorgt Becken und Duschen mit Wärme und das Bad mit Strom.",
    ),
    (
        "Lastenräder für den Hausmeisterdienst",
        V,
        2022,
        "6.5",
        "Sechs E-Lastenräder ersetzen Kleintransporter auf kurzen Wegen.",
    ),
    (
        "Solarthermie auf dem Wohnheim Herrenkrug",
        E,
        2021,
        "21.0",
        "Kollektoren auf dem Flachdach erwärmen das Brauchwasser des Wohnheims.",
    ),
]
NOTHING_TO_REPORT_DEMO = (
    "Lastenräder für den Hausmeisterdienst",
    "Die Räder waren wegen eines Rückrufs des Herstellers das ganze Jahr außer Betrieb.",
)


def seed_reporting(*, partners, staff, groups) -> None:
    from . import reporting_services
    from .models import NothingToReport, ReportingDeadline

    last_year = timezone.localdate().year - 1
    if staff is not None and not ReportingDeadline.objects.filter(year=last_year).exists():
        reporting_services.reporting_deadline_set(
            actor=staff, year=last_year, due_date=datetime.date(last_year + 1, 3, 31)
        )
    with_contacts = [p for p in partners if p.contacts.exists()]
    if not with_contacts or staff is None:
        return
    for i, (title, field, start, expected, summary) in enumerate(REPORTING_DEMO):
        if Project.objects.filter(slug=_slug(title)).exists():
            continue
        lead = with_contacts[(i * 2 + 1) % len(with_contacts)]
        actor = lead.contacts.select_related("user").first().user
        project = services.project_create(
            actor=actor,
            lead_partner=lead,
            participants=[],
            title=title,
            summary=summary,
            description=summary,
            field_of_action=groups[field],
            status=Project.Status.IN_PROGRESS,
            start_date=datetime.date(start, 4, 1),
            end_date=None,
            address="",
            latitude=None,
            longitude=None,
            expected_reduction=Decimal(expected),
            baseline="Verbrauch im Jahr vor Projektbeginn.",
            calculation_method="Eingesparte Energiemenge × Emissionsfaktor des Energieträgers.",
            emission_factor_source="Umweltbundesamt, Emissionsfaktoren 2023",
            credited=False,
        )
        # Results up to the year before last: last year's report is still owed.
        for year in range(start, last_year):
            services.result_set(
                project=project,
                actor=actor,
                year=year,
                achieved_reduction=(Decimal(expected) * Decimal("0.85")).quantize(Decimal("0.1")),
                justification="Hochlauf und Witterung.",
            )
        services.project_submit(project=project, actor=actor, notify=False)
        services.project_publish(project=project, actor=staff, notify=False)
    title, reason = NOTHING_TO_REPORT_DEMO
    project = Project.objects.filter(slug=_slug(title)).select_related("lead_partner").first()
    if project is None or NothingToReport.objects.filter(project=project, year=last_year).exists():
        return
    contact = project.lead_partner.contacts.select_related("user").first()
    if contact is not None:
        reporting_services.nothing_to_report_state(
            project=project, actor=contact.user, year=last_year, reason=reason
        )
