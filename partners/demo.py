"""Demo partner organisations with one contact each."""

from django.utils.text import slugify

from accounts.demo import demo_user

from .models import Contact, Partner
from .services import contact_add, unique_slug

# (name, status, contact name) – invented organisations, any likeness is coincidental.
DEMO_PARTNERS = [
    ("Elbstrom Energie GmbH", Partner.Status.ACTIVE, "Jana Weber"),
    ("Magdeburger Wohnungsbau eG", Partner.Status.ACTIVE, "Thomas Richter"),
    ("Stadtwerke-Netz Magdeburg", Partner.Status.ACTIVE, "Katrin Schulz"),
    ("Verkehrsbetriebe an der Elbe", Partner.Status.ACTIVE, "Mehmet Yilmaz"),
    ("Handwerkskammer-Netzwerk Klima", Partner.Status.ACTIVE, "Petra Lange"),
    ("Hochschulinstitut für Energieeffizienz", Partner.Status.SIGNED, "Dr. Lena Hoffmann"),
    ("Radhaus Magdeburg e. V.", Partner.Status.REGISTERED, "Felix Braun"),
    ("Druckerei Börde KG", Partner.Status.WITHDRAWN, "Uwe Krüger"),
]


def demo_email(name: str) -> str:
    return f"kontakt@{slugify(name)[:40]}.example"


def seed() -> list[tuple[str, str, str]]:
    logins = []
    for name, status, contact_name in DEMO_PARTNERS:
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            partner = Partner.objects.create(name=name, slug=unique_slug(name), status=status)
        user = demo_user(demo_email(name), contact_name)
        if not Contact.objects.filter(user=user).exists():
            contact_add(partner=partner, user=user)
        logins.append(("partner", user.email, f"{partner.name} ({partner.get_status_display()})"))
    return logins
