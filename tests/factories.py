import datetime
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from partners.models import Partner

PASSWORD = "ein-sicheres-passwort-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="de_DE")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            verified = True if extracted is None else extracted
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=verified
            )


class StaffUserFactory(UserFactory):
    @factory.post_generation
    def stabsstelle(self, create, extracted, **kwargs):
        if create:
            from accounts.services import user_make_stabsstelle

            user_make_stabsstelle(user=self)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partnerorganisation {n}")
    slug = factory.Sequence(lambda n: f"partnerorganisation-{n}")
    status = Partner.Status.ACTIVE


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Sector"

    name = factory.Sequence(lambda n: f"Branche {n}")
    slug = factory.Sequence(lambda n: f"branche-{n}")


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Declaration"

    version = factory.Sequence(lambda n: f"2026-{n}")
    text = "## Ziele\n\n- 3,2 t CO2 je Einwohner und Jahr bis 2050"
    valid_from = datetime.date(2010, 11, 1)  # the founding version; signatures come later
    is_current = True


def _working_group(slug: str = "energiesysteme-stromnutzung"):
    from partners.models import Body

    return Body.objects.get(slug=slug)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A published project; pass publication=... for other states."""

    class Meta:
        model = "projects.Project"

    title = factory.Sequence(lambda n: f"Klimaprojekt {n}")
    slug = factory.Sequence(lambda n: f"klimaprojekt-{n}")
    summary = "Photovoltaik auf dem Dach des Betriebsgebäudes."
    description = "Eine **Photovoltaikanlage** mit 100 kWp."
    lead_partner = factory.SubFactory(PartnerFactory)
    field_of_action = factory.LazyFunction(_working_group)
    status = "in_umsetzung"
    start_date = datetime.date(2021, 3, 1)
    expected_reduction = Decimal("120.5")
    publication = "veroeffentlicht"


class ProjectResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ProjectResult"

    project = factory.SubFactory(ProjectFactory)
    year = 2022
    achieved_reduction = Decimal("100.0")


def _plenary():
    from partners.models import Body

    return Body.objects.get(slug="allianzversammlung")


def _today(days: int = 0):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=days)


def _in_days(days: int, hour: int = 17):
    from datetime import timedelta

    from django.utils import timezone

    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _hours(hours: int):
    from datetime import timedelta

    return timedelta(hours=hours)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A published plenary meeting in 14 days, 17:00–19:00 Berlin time."""

    class Meta:
        model = "meetings.Meeting"

    body = factory.LazyFunction(_plenary)
    title = factory.Sequence(lambda n: f"Allianzversammlung {n}")
    starts_at = factory.LazyFunction(lambda: _in_days(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + _hours(2))
    format = "praesenz"
    place = "Altes Rathaus, Magdeburg"
    description = "Bericht der Stabsstelle und **Klimakreise**."
    state = "veroeffentlicht"


class MembershipFactory(factory.django.DjangoModelFactory):
    """A confirmed membership; pass partner= and representative= (a contact of it)."""

    class Meta:
        model = "partners.Membership"

    body = factory.LazyFunction(_working_group)
    role = "mitglied"
    status = "bestaetigt"
    valid_from = factory.LazyFunction(lambda: _today(-365))


class CircleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Circle"

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Klimakreis {n}")
    moderator = "Stabsstelle Klimaschutz"
    capacity = 12


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.ActionItem"

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    due_on = factory.LazyFunction(lambda: _today(30))
    status = "offen"
    # Exactly one owner (a database constraint): the partner when one is given.
    owner_kind = factory.LazyAttribute(
        lambda o: (
            "partner"
            if o.responsible_partner
            else ("gremium" if o.responsible_body else "stabsstelle")
        )
    )
    responsible_partner = None
    responsible_body = None


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft written procedure of the plenary with a deadline in 14 days."""

    class Meta:
        model = "decisions.Proposal"

    title = factory.Sequence(lambda n: f"Beschlussvorlage {n}")
    text = "Die Allianz **beschließt** einen gemeinsamen Schritt."
    body = factory.LazyFunction(_plenary)
    procedure = "umlauf"
    deadline = factory.LazyFunction(lambda: _in_days(14))
    state = "entwurf"


def seed_city_balance(staff, years=range(2010, 2025)) -> None:
    """A falling city balance (2.2 Mt in 2010, 40 kt less each year, 230,000 inhabitants) and
    the target path from 2010: what the home page's chart and /klimabilanz/ draw."""
    from reports import services as report_services

    for year in years:
        report_services.emissions_save(
            actor=staff,
            year=year,
            total_t=Decimal(2_200_000 - 40_000 * (year - 2010)),
            population=230_000,
            source="Testbilanz",
        )
    report_services.target_path_set(actor=staff, base_year=2010)
