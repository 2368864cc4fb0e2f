"""Demo partners: sectors, the declaration (our own summary), about 25 organisations.

Every organisation is invented; any likeness to a real one is coincidental.
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from accounts.demo import demo_user
from accounts.models import User
from core.slugs import german_slugify

from . import services
from .commitments import COMMITMENT_KEYS
from .models import Body, Contact, Declaration, Partner, Sector, Signature

SECTORS = {
    # name: working group slugs that fit
    "Energieversorgung": ["energiesysteme-stromnutzung"],
    "Wohnungswirtschaft und Bau": ["gebaeude-stadtplanung", "energiesysteme-stromnutzung"],
    "Verkehr und Logistik": ["verkehr"],
    "Industrie und Produktion": ["energiesysteme-stromnutzung", "verkehr"],
    "Handel und Dienstleistung": ["gebaeude-stadtplanung", "kommunikation-buerger"],
    "Handwerk": ["gebaeude-stadtplanung", "energiesysteme-stromnutzung"],
    "Wissenschaft und Bildung": ["kommunikation-buerger", "energiesysteme-stromnutzung"],
    "Verbände und Vereine": ["kommunikation-buerger"],
    "Gesundheit und Soziales": ["gebaeude-stadtplanung", "kommunikation-buerger"],
    "Finanzwirtschaft": ["kommunikation-buerger"],
}

DECLARATION_TEXT = """\
*Zusammenfassung für die Demo-Daten; der verbindliche Wortlaut wird von der Stabsstelle \
Klimaschutz eingepflegt.*

Der Stadtrat der Landeshauptstadt Magdeburg hat 2010 beschlossen, gemeinsam mit der Wirtschaft, \
den städtischen Gesellschaften, Verbänden und Vereinen eine Klimaallianz zu gründen. Klimaschutz \
gelingt dort, wo er vor Ort umgesetzt wird – die Partner wollen ihn deshalb gemeinsam, \
branchenübergreifend und im offenen Dialog voranbringen.

## Ziele

1. Die klimarelevanten Emissionen im Stadtgebiet sinken bis 2050 auf 3,2 t CO2e je Einwohnerin \
und Einwohner und Jahr.
2. Die Partner entwickeln konkrete Strategien und Projekte, um dieses Ziel zu erreichen, und \
setzen sie um.
3. Die Allianz wächst als Netzwerk und gewinnt weitere Partner.

## Verpflichtungen der Partner

- Jeder Partner beteiligt sich an mindestens einem konkreten Klimaschutzprojekt; Projekte \
aus der Zeit vor dem Beitritt können angerechnet werden.
- Die Partner treffen sich mindestens zweimal im Jahr zu Kernthemen und entscheiden im Konsens.
- Die Partner entsenden nach ihrer Branche Vertreterinnen und Vertreter in die vier \
Facharbeitsgruppen Energiesysteme / Stromnutzung, Gebäude / Stadtplanung, Verkehr sowie \
Kommunikation / Bürger.
- Die Zusammenarbeit wird anhand eines jährlichen Berichts überprüft; die Bürgerinnen und Bürger \
werden zeitnah und umfassend über das Klimaschutzportal informiert.

Die Stabsstelle Klimaschutz im Umweltamt koordiniert die Klimaallianz.
"""

A, S, R, W = (
    Partner.Status.ACTIVE,
    Partner.Status.SIGNED,
    Partner.Status.REGISTERED,
    Partner.Status.WITHDRAWN,
)
K = Partner.Kind

# (name, kind, sector, status, contact name, joined year, size band)
DEMO_PARTNERS = [
    ("Elbstrom Energie GmbH", K.COMPANY, "Energieversorgung", A, "Jana Weber", 2011, "250+"),
    (
        "Stadtwerke-Netz Magdeburg",
        K.MUNICIPAL,
        "Energieversorgung",
        A,
        "Katrin Schulz",
        2011,
        "250+",
    ),
    (
        "Magdeburger Wohnungsbau eG",
        K.COMPANY,
        "Wohnungswirtschaft und Bau",
        A,
        "Thomas Richter",
        2012,
        "50-249",
    ),
    (
        "Städtische Wohnungsgesellschaft Elbaue",
        K.MUNICIPAL,
        "Wohnungswirtschaft und Bau",
        A,
        "Sandra Vogel",
        2011,
        "250+",
    ),
    (
        "Verkehrsbetriebe an der Elbe",
        K.MUNICIPAL,
        "Verkehr und Logistik",
        A,
        "Mehmet Yilmaz",
        2011,
        "250+",
    ),
    ("Börde Logistik AG", K.COMPANY, "Verkehr und Logistik", A, "Andreas Neumann", 2015, "250+"),
    ("Handwerkskammer-Netzwerk Klima", K.ASSOCIATION, "Handwerk", A, "Petra Lange", 2013, "10-49"),
    (
        "Maschinenbau Rothensee GmbH",
        K.COMPANY,
        "Industrie und Produktion",
        A,
        "Frank Zimmermann",
        2014,
        "250+",
    ),
    (
        "Gießerei Salbke KG",
        K.COMPANY,
        "Industrie und Produktion",
        A,
        "Birgit Hartmann",
        2016,
        "50-249",
    ),
    (
        "Elbe-Einkaufszentrum Betriebs GmbH",
        K.COMPANY,
        "Handel und Dienstleistung",
        A,
        "Stefan Krause",
        2017,
        "50-249",
    ),
    ("Dachdeckerei Sudenburg", K.COMPANY, "Handwerk", A, "Marco Schmitt", 2018, "10-49"),
    (
        "Hochschulinstitut für Energieeffizienz",
        K.SCIENCE,
        "Wissenschaft und Bildung",
        A,
        "Dr. Lena Hoffmann",
        2012,
        "50-249",
    ),
    (
        "Volkshochschule Elbufer",
        K.SCIENCE,
        "Wissenschaft und Bildung",
        A,
        "Monika Wolf",
        2019,
        "10-49",
    ),
    (
        "Radhaus Magdeburg e. V.",
        K.ASSOCIATION,
        "Verbände und Vereine",
        A,
        "Felix Braun",
        2016,
        "1-9",
    ),
    (
        "Unternehmerverband Mitte-Elbe",
        K.ASSOCIATION,
        "Verbände und Vereine",
        A,
        "Dr. Klaus Becker",
        2011,
        "10-49",
    ),
    (
        "Klinikum am Stadtpark",
        K.MUNICIPAL,
        "Gesundheit und Soziales",
        A,
        "Ute Schröder",
        2013,
        "250+",
    ),
    ("Sparkasse Elbe-Börde", K.COMPANY, "Finanzwirtschaft", A, "Martin Koch", 2012, "250+"),
    ("Bäckerei Kornblume", K.COMPANY, "Handwerk", A, "Ina Fuchs", 2020, "10-49"),
    (
        "Grünflächenverein Stadtfeld e. V.",
        K.ASSOCIATION,
        "Verbände und Vereine",
        A,
        "Jonas Keller",
        2021,
        "1-9",
    ),
    ("Solarpark Cracau GmbH", K.COMPANY, "Energieversorgung", A, "Nadine Berger", 2022, "1-9"),
    (
        "Druckhaus Neustadt GmbH",
        K.COMPANY,
        "Industrie und Produktion",
        A,
        "Ralf Peters",
        2023,
        "10-49",
    ),
    (
        "Institut für Mobilitätsforschung",
        K.SCIENCE,
        "Wissenschaft und Bildung",
        S,
        "Prof. Dr. Eva Roth",
        None,
        "50-249",
    ),
    (
        "Autohaus Elbtal GmbH",
        K.COMPANY,
        "Handel und Dienstleistung",
        S,
        "Tobias Lorenz",
        None,
        "50-249",
    ),
    ("Kita-Verbund Buckau", K.OTHER, "Gesundheit und Soziales", R, "Sabine Kühn", None, "50-249"),
    ("Druckerei Börde KG", K.COMPANY, "Industrie und Produktion", W, "Uwe Krüger", 2013, "10-49"),
]


STREETS = ["Breiter Weg", "Ernst-Reuter-Allee", "Otto-von-Guericke-Straße", "Halberstädter Straße"]


def demo_email(name: str) -> str:
    return f"kontakt@{slugify(name)[:40]}.example"


def seed_sectors() -> dict[str, Sector]:
    bodies = {body.slug: body for body in Body.objects.all()}
    sectors = {}
    for name, slugs in SECTORS.items():
        sector, _created = Sector.objects.get_or_create(
            slug=german_slugify(name), defaults={"name": name}
        )
        sector.working_groups.set([bodies[s] for s in slugs if s in bodies])
        sectors[name] = sector
    return sectors


def seed_declaration() -> Declaration:
    declaration = Declaration.objects.filter(version="2010").first()
    if declaration is None:
        declaration = services.declaration_publish(
            declaration=Declaration(
                version="2010", text=DECLARATION_TEXT, valid_from=datetime.date(2010, 11, 1)
            )
        )
    return declaration


def seed() -> list[tuple[str, str, str]]:
    sectors = seed_sectors()
    declaration = seed_declaration()
    staff = User.objects.filter(email="stabsstelle@klimaportal.example").first()
    logins = []
    for name, kind, sector, status, contact_name, year, size in DEMO_PARTNERS:
        user = demo_user(demo_email(name), contact_name)
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            partner = Partner.objects.create(
                name=name,
                slug=services.unique_slug(name),
                kind=kind,
                sector=sectors[sector],
                size_band=size,
                street=f"{STREETS[len(name) % 4]} {len(name) * 3 % 120 + 1}",
                postal_code=["39104", "39108", "39112", "39114", "39118"][len(name) % 5],
                city="Magdeburg",
                website=f"https://www.{slugify(name)[:30]}.example",
                description=f"{name} ist seit {year or timezone.localdate().year} in der "
                "Magdeburger Klimaallianz aktiv und bringt die Erfahrung der Branche "
                f"„{sector}“ in die Facharbeitsgruppen ein.",
                public_listing=name != "Bäckerei Kornblume",
            )
            if not Contact.objects.filter(user=user).exists():
                services.contact_add(partner=partner, user=user)
            if status in (A, S, W):
                signed_on = datetime.date(year or timezone.localdate().year, 3, 15)
                signature = Signature.objects.create(
                    partner=partner,
                    declaration=declaration,
                    signatory_name=contact_name,
                    signatory_function="Geschäftsführung",
                    place="Magdeburg",
                    signed_on=signed_on,
                    commitments=list(COMMITMENT_KEYS),
                    signed_by=user,
                )
                if status in (A, W):
                    signature.confirmed_by = staff
                    signature.confirmed_at = timezone.make_aware(
                        datetime.datetime.combine(signed_on, datetime.time(10))
                    )
                    signature.save()
                    partner.joined_on = signed_on
            partner.status = status
            if status == W:
                partner.left_on = datetime.date(2024, 12, 31)
                partner.withdrawal_reason = (
                    "Betrieb an einen Standort außerhalb Magdeburgs verlegt."
                )
            partner.save()
        logins.append(("partner", user.email, f"{partner.name} ({partner.get_status_display()})"))
    return logins
