"""Demo decisions: a dozen decisions over three years, taken in the held plenaries of
meetings/demo.py and in written procedures (one not adopted because of an objection), and
one open written procedure. Runs after meetings' demo (portal/management/commands/seed_demo.py).

All wording is our own. Safe to run repeatedly: proposals are looked up by title. Everything
goes through the services, so numbers, counts and results are the real ones.
"""

import datetime

from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from meetings.models import AgendaItem, Meeting
from partners.models import Body, Partner

from . import services as ds
from .models import Proposal


def _at(day: datetime.date, hour: int = 17) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def seed() -> list[tuple[str, str, str]]:
    staff = User.objects.filter(email="stabsstelle@klimaportal.example").first()
    partners = list(Partner.objects.active().select_related("sector").order_by("name"))
    seed_decisions(staff, partners, timezone.localdate())
    seed_follow_up(staff, partners, timezone.localdate())
    return []


def seed_follow_up(staff, partners, today: datetime.date) -> int:
    """Tasks of the adopted demo decisions, so the register shows every follow-up status:
    the oldest implemented, the next being implemented, the others open. Decisions that
    already have tasks are left as they are (idempotent)."""
    from meetings import action_items
    from partners.models import Body

    if staff is None or not partners:
        return 0
    groups = list(Body.objects.working_groups())
    adopted = list(
        Proposal.objects.filter(state=Proposal.State.ADOPTED, title__in=[t for t, _ in DECISIONS])
        .exclude(tasks__isnull=False)
        .order_by("decided_at", "pk")
    )
    for index, proposal in enumerate(adopted):
        owners = [
            {"owner_kind": "partner", "responsible_partner": partners[index % len(partners)]},
            {"owner_kind": "stabsstelle"},
        ]
        if groups:
            owners.append(
                {"owner_kind": "gremium", "responsible_body": groups[index % len(groups)]}
            )
        items = [
            ds.decision_task_add(
                proposal=proposal,
                actor=staff,
                title=f"{proposal.title}: {step}",
                due_on=today + datetime.timedelta(days=days),
                is_public=number != 2,
                **owner,
            )
            for number, (owner, (step, days)) in enumerate(
                zip(
                    owners,
                    [
                        ("Umsetzung vorbereiten", -20),
                        ("Bericht an die Allianz", 40),
                        ("Interne Abstimmung", 10),
                    ],
                    strict=False,
                )
            )
        ]
        statuses = {0: "erledigt", 1: "in_arbeit"}.get(index)
        for item in items:
            if statuses == "erledigt" or (statuses == "in_arbeit" and item is items[0]):
                action_items.action_item_update(item=item, actor=staff, status=statuses)
    return len(adopted)


DECISIONS = [
    (
        "Gemeinsames Monitoring der CO2e-Minderung",
        "Die Partner melden ihre Minderungen jährlich bis zum 31. März über das Portal.",
    ),
    (
        "Leitfaden Photovoltaik auf Gewerbedächern",
        "Die Allianz gibt einen gemeinsamen Leitfaden "
        "für **Photovoltaik** auf Gewerbedächern heraus.",
    ),
    (
        "Beteiligung am Stadtradeln",
        "Die Partner rufen ihre Beschäftigten zur Teilnahme am Stadtradeln auf.",
    ),
    (
        "Arbeitsprogramm der Facharbeitsgruppen",
        "Die vier Facharbeitsgruppen legen ihre Schwerpunkte für die nächsten zwei Jahre fest.",
    ),
    (
        "Klimafreundliche Beschaffung",
        "Die Partner berücksichtigen Klimakriterien bei der "
        "Beschaffung von Fahrzeugen und Geräten.",
    ),
    (
        "Geschäftsordnung der Allianzversammlung",
        "Die Allianzversammlung gibt sich eine "
        "Geschäftsordnung mit Konsensregel und Umlaufverfahren.",
    ),
    (
        "Gemeinsamer Stand beim Umwelttag",
        "Die Allianz stellt sich beim Umwelttag mit einem gemeinsamen Stand vor.",
    ),
    (
        "Abwärmekataster: Daten der Partner teilen",
        "Die Partner stellen Daten zu ihrer Abwärme für ein städtisches Kataster bereit.",
    ),
    (
        "Gliederung des Jahresberichts",
        "Der Jahresbericht folgt der beschlossenen Gliederung mit Kennzahlen und Ausblick.",
    ),
    (
        "Hitzeschutz in Betrieben",
        "Die Partner prüfen Maßnahmen zum Hitzeschutz an ihren Arbeitsplätzen.",
    ),
    (
        "Gemeinsame Förderberatung",
        "Die Stabsstelle organisiert einmal im Jahr eine gemeinsame Förderberatung.",
    ),
    (
        "Klimakreise als festes Format",
        "Die Allianzversammlung arbeitet einmal im Jahr in Klimakreisen.",
    ),
]
OBJECTION_TITLE = "Abwärmekataster: Daten der Partner teilen"
OPEN_TITLE = "Ziele der Allianz bis 2030 fortschreiben"


def seed_decisions(staff, partners, today: datetime.date) -> int:
    """A dozen decisions over three years (meetings and written procedures, one with an
    objection), and one open written procedure. Idempotent: looked up by title."""
    if staff is None or not partners:
        return 0
    plenary = Body.objects.get(kind=Body.Kind.PLENARY)
    first = datetime.date(today.year - 2, 1, 1)
    meetings = list(
        Meeting.objects.filter(
            body=plenary, state=Meeting.State.HELD, starts_at__date__gte=first
        ).order_by("starts_at")
    )[: len(DECISIONS) - 3]
    # When each decision is taken: at a held plenary, or the deadline of a written procedure.
    span = (today - first).days
    written_days = [
        first + datetime.timedelta(days=span * (i + 1) // (len(DECISIONS) - len(meetings) + 1))
        for i in range(len(DECISIONS) - len(meetings))
    ]
    moments = [("meeting", m.ends_at, m) for m in meetings] + [
        ("written", _at(day, 12), None) for day in written_days
    ]
    moments.sort(key=lambda entry: entry[1])
    contacts = {
        partner.pk: contact.user
        for partner in partners
        if (contact := partner.contacts.select_related("user").first()) is not None
    }
    created = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for index, ((title, text), (kind, moment, meeting)) in enumerate(
            zip(DECISIONS, moments, strict=True)
        ):
            if Proposal.objects.filter(title=title).exists():
                continue
            before = moment - datetime.timedelta(days=14)
            if kind == "meeting":
                item, _created = AgendaItem.objects.get_or_create(
                    meeting=meeting, title="Beschlüsse", defaults={"position": 99}
                )
                proposal = ds.proposal_create(
                    actor=staff, title=title, text=text, body=plenary, agenda_item=item, now=before
                )
                ds.proposal_open(proposal=proposal, actor=staff, now=before)
                present = [a.partner for a in meeting.attendances.select_related("partner")]
                for number, partner in enumerate(present):
                    objecting = title == OBJECTION_TITLE and number == 0
                    ds.position_state(
                        proposal=proposal,
                        partner=partner,
                        actor=staff,
                        value="einwand"
                        if objecting
                        else ("enthaltung" if number % 5 == 4 else "zustimmung"),
                        reason="Betriebsdaten zur Abwärme sind vertraulich; erst Datenschutz "
                        "klären."
                        if objecting
                        else "",
                        oral=True,
                        now=moment,
                    )
                ds.proposal_close(proposal=proposal, actor=staff, now=moment)
            else:
                proposal = ds.proposal_create(
                    actor=staff, title=title, text=text, body=plenary, deadline=moment, now=before
                )
                ds.proposal_open(proposal=proposal, actor=staff, now=before)
                for number, partner in enumerate(partners[: 4 + index % 3]):
                    if partner.pk in contacts:
                        ds.position_state(
                            proposal=proposal,
                            partner=partner,
                            actor=contacts[partner.pk],
                            value="enthaltung" if number == 2 else "zustimmung",
                            now=before + datetime.timedelta(days=1),
                        )
                ds.proposal_close(proposal=proposal, now=moment)
            created += 1
        if not Proposal.objects.filter(title=OPEN_TITLE).exists():
            proposal = ds.proposal_create(
                actor=staff,
                title=OPEN_TITLE,
                text="Die Allianz schreibt ihre Zwischenziele für 2030 fort: "
                "**minus 50 Prozent** CO2e gegenüber 2010 im Gebiet der Stadt.",
                body=plenary,
                deadline=timezone.now() + datetime.timedelta(days=10),
            )
            ds.proposal_open(proposal=proposal, actor=staff)
            partner = partners[0]
            if partner.pk in contacts:
                ds.position_state(
                    proposal=proposal,
                    partner=partner,
                    actor=contacts[partner.pk],
                    value="zustimmung",
                )
            created += 1
    return created
