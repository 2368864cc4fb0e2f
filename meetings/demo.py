"""Demo meetings: plenaries twice a year for three years plus upcoming ones, working group
meetings, memberships by sector, one Klimakreise event with five circles, action items.
The decisions taken in these meetings are seeded by decisions/demo.py, after this module.

All wording is our own. Safe to run repeatedly: rows are looked up by title before creating.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from partners.models import Body, Membership, Partner

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Circle,
    CircleRegistration,
    Meeting,
    Rsvp,
)

PLACES = ["Altes Rathaus, Hansesaal", "Gesellschaftshaus Magdeburg", "Umweltamt, Raum 112"]
CORE_TOPICS = [
    "Kommunale Wärmeplanung\nStand der Treibhausgasbilanz",
    "Radverkehr und betriebliche Mobilität\nPhotovoltaik auf Gewerbedächern",
    "Klimaanpassung im Quartier\nJahresbericht der Allianz",
]
CIRCLES = [
    # title, expert, topic, discussion, next steps
    (
        "Stadtgrün",
        "Dr. Lena Auenwald",
        "Bäume und Dachbegrünung gegen Hitzeinseln",
        "Begrünte Dächer auf Gewerbebauten sind schnell umsetzbar; Pflege und Statik sind die "
        "größten Hürden.",
        "Liste geeigneter Dächer der Partner erstellen; Förderberatung im Herbst.",
    ),
    (
        "Mobilität",
        "Tobias Radler",
        "Jobrad, Jobticket und Fuhrparkumstellung",
        "Mehrere Partner planen Jobräder; Abstellanlagen fehlen an vielen Standorten.",
        "Gemeinsame Bedarfsumfrage zu Radabstellanlagen bis zum Sommer.",
    ),
    (
        "Ernährung & Landwirtschaft",
        "Marie Feldmann",
        "Regionale Kantinenversorgung",
        "Regionale Lieferketten sind gefragt, aber kleinteilig; Mengen bündeln hilft.",
        "Runder Tisch mit Erzeugern aus der Börde organisieren.",
    ),
    (
        "Energie",
        "Jonas Netzer",
        "Abwärme nutzen, Lastspitzen senken",
        "Abwärme aus Produktion und Rechenzentren könnte Nahwärmenetze speisen.",
        "Abwärmekataster mit den Stadtwerken abstimmen.",
    ),
    (
        "Betriebe",
        "Katrin Sparmann",
        "Energiemanagement im Mittelstand",
        "Kleine Betriebe brauchen einfache Werkzeuge zum Messen und Vergleichen.",
        "Vorlage für ein einfaches Energie-Monitoring teilen.",
    ),
]


def _at(day: datetime.date, hour: int = 17) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _meeting(body, title, day, *, state, staff, summary="", topics="", circles=False) -> Meeting:
    meeting = Meeting.objects.filter(body=body, title=title).first()
    if meeting is not None:
        return meeting
    starts_at = _at(day)
    meeting = Meeting(
        body=body,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3 if circles else 2),
        format=Meeting.Format.HYBRID if body.kind == Body.Kind.PLENARY else Meeting.Format.ONLINE,
        place=PLACES[day.month % len(PLACES)] if body.kind == Body.Kind.PLENARY else "",
        online_link="https://konferenz.example/klimaallianz",
        core_topics=topics,
        description=(
            f"Sitzung des Gremiums „{body.name}“. Gäste sind nach Anmeldung bei der Stabsstelle "
            "willkommen."
        ),
        rsvp_deadline=starts_at - datetime.timedelta(days=5),
        state=state,
        summary=summary,
        minutes="Protokoll (intern): Die Teilnehmenden berichteten aus ihren Projekten."
        if state == Meeting.State.HELD
        else "",
        created_by=staff,
        published_at=starts_at - datetime.timedelta(days=30),
    )
    meeting.full_clean()
    meeting.save()
    agenda = ["Begrüßung und Protokoll", "Berichte aus den Projekten", "Verschiedenes"]
    if circles:
        agenda[1:2] = ["Impulse und Arbeit in den Klimakreisen", "Ergebnisse im Plenum"]
    for position, item in enumerate(agenda, start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=item)
    return meeting


def seed_memberships(partners) -> None:
    for partner in partners:
        contact = partner.contacts.select_related("user").first()
        if contact is None or partner.sector is None:
            continue
        for index, body in enumerate(partner.sector.working_groups.all()):
            Membership.objects.get_or_create(
                body=body,
                representative=contact.user,
                defaults={
                    "partner": partner,
                    "role": Membership.Role.MEMBER,
                    "status": Membership.Status.CONFIRMED,
                    "valid_from": datetime.date(
                        partner.joined_on.year if partner.joined_on else 2020, 1, 1
                    ),
                    "proposed_by": contact.user,
                    "decided_at": timezone.now(),
                },
            )
            if index > 1:
                break
    # One lead per working group; one proposal waits for confirmation.
    for body in Body.objects.working_groups():
        first = body.memberships.filter(status=Membership.Status.CONFIRMED).order_by("pk").first()
        if first and not body.memberships.filter(role=Membership.Role.LEAD).exists():
            first.role = Membership.Role.LEAD
            first.save(update_fields=["role"])
    verkehr = Body.objects.get(slug="verkehr")
    candidate = (
        Partner.objects.active()
        .exclude(memberships__body=verkehr)
        .filter(contacts__isnull=False)
        .order_by("name")
        .first()
    )
    if candidate and not Membership.objects.filter(status=Membership.Status.PROPOSED).exists():
        Membership.objects.create(
            body=verkehr,
            partner=candidate,
            representative=candidate.contacts.first().user,
            role=Membership.Role.MEMBER,
            status=Membership.Status.PROPOSED,
            proposed_by=candidate.contacts.first().user,
        )


def seed() -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    staff = User.objects.filter(email="stabsstelle@klimaportal.example").first()
    partners = list(Partner.objects.active().select_related("sector").order_by("name"))
    seed_memberships(partners)
    plenary = Body.objects.get(kind=Body.Kind.PLENARY)

    # Plenaries: spring and autumn of the last three years and of this year, next spring.
    held_plenaries = []
    for year in range(today.year - 3, today.year + 2):
        for month, season in ((4, "Frühjahr"), (10, "Herbst")):
            day = datetime.date(year, month, 15 if month == 4 else 8)
            if year == today.year + 1 and month == 10:
                continue
            past = day < today
            meeting = _meeting(
                plenary,
                f"Allianzversammlung {season} {year}",
                day,
                state=Meeting.State.HELD if past else Meeting.State.PUBLISHED,
                staff=staff,
                topics=CORE_TOPICS[year % len(CORE_TOPICS)],
                summary=(
                    "Die Partner berichteten über ihre Klimaschutzprojekte und "
                    "verständigten sich auf die Schwerpunkte des nächsten Halbjahres."
                )
                if past
                else "",
            )
            if past:
                held_plenaries.append(meeting)

    # The Klimakreise event: last year's summer plenary special.
    event_day = datetime.date(today.year - 1, 6, 20)
    event = _meeting(
        plenary,
        f"Klimakreise {event_day.year}",
        event_day,
        state=Meeting.State.HELD,
        staff=staff,
        topics="Fünf Klimakreise zu den Handlungsfeldern der Allianz",
        summary="In fünf Klimakreisen erarbeiteten die Partner konkrete nächste Schritte; "
        "die Ergebnisse wurden im Plenum vorgestellt.",
        circles=True,
    )
    held_plenaries.append(event)
    for position, (title, expert, topic, discussion, steps) in enumerate(CIRCLES, start=1):
        circle, _created = Circle.objects.get_or_create(
            meeting=event,
            title=title,
            defaults={
                "position": position,
                "moderator": "Stabsstelle Klimaschutz",
                "expert_name": expert,
                "expert_topic": topic,
                "capacity": 12,
                "results_discussion": discussion,
                "results_next_steps": steps,
            },
        )
        responsible = partners[position % len(partners)] if partners else None
        for offset, status, suffix in (
            (-30, ActionItem.Status.OPEN, "vorbereiten"),
            (45, ActionItem.Status.OPEN, "abstimmen"),
            (-120, ActionItem.Status.DONE, "erledigen"),
        ):
            ActionItem.objects.get_or_create(
                meeting=event,
                circle=circle,
                title=f"{title}: nächsten Schritt {suffix}",
                defaults={
                    "owner_kind": "partner" if responsible else "stabsstelle",
                    "responsible_partner": responsible,
                    "due_on": today + datetime.timedelta(days=offset),
                    "status": status,
                    "created_by": staff,
                    "closed_at": timezone.now() if status == ActionItem.Status.DONE else None,
                },
            )
    for index, partner in enumerate(partners[:20]):
        contact = partner.contacts.first()
        if contact:
            circle = event.circles.order_by("position")[index % 5]
            CircleRegistration.objects.get_or_create(
                meeting=event,
                user=contact.user,
                defaults={"circle": circle, "status": CircleRegistration.Status.REGISTERED},
            )

    # Attendance of the held plenaries (a changing two thirds of the partners).
    for number, meeting in enumerate(held_plenaries):
        if meeting.attendances.exists():
            continue
        present = [p for i, p in enumerate(partners) if (i + number) % 3 != 0]
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, partner=p, recorded_by=staff) for p in present]
        )

    # Working groups: spring and autumn of the last two years, one upcoming.
    for body in Body.objects.working_groups():
        for year in (today.year - 2, today.year - 1):
            for month in (3, 9):
                _meeting(
                    body,
                    f"Sitzung {body.name} {month:02d}/{year}",
                    datetime.date(year, month, 10 + body.position),
                    state=Meeting.State.HELD,
                    staff=staff,
                    summary="Die Arbeitsgruppe tauschte sich zu laufenden Projekten aus.",
                )
        upcoming = _meeting(
            body,
            f"Sitzung {body.name} – nächster Termin",
            today + datetime.timedelta(days=20 + 7 * body.position),
            state=Meeting.State.PUBLISHED,
            staff=staff,
        )
        ActionItem.objects.get_or_create(
            meeting=body.meetings.filter(state=Meeting.State.HELD).order_by("-starts_at").first()
            or upcoming,
            title=f"{body.name}: Projektsteckbriefe sammeln",
            defaults={
                "due_on": today + datetime.timedelta(days=7),
                "status": ActionItem.Status.OPEN,
                "created_by": staff,
                # The working group itself is responsible (its members see it as theirs).
                "owner_kind": "gremium",
                "responsible_body": body,
            },
        )

    # Replies to the next plenary.
    next_plenary = (
        Meeting.objects.filter(body=plenary, state=Meeting.State.PUBLISHED).upcoming().first()
    )
    if next_plenary:
        for index, partner in enumerate(partners[:8]):
            contact = partner.contacts.first()
            if contact:
                Rsvp.objects.get_or_create(
                    meeting=next_plenary,
                    user=contact.user,
                    defaults={
                        "partner": partner,
                        "answer": Rsvp.Answer.NO if index % 4 == 3 else Rsvp.Answer.YES,
                        "people": 0 if index % 4 == 3 else 1 + index % 3,
                    },
                )
        # The plenary is hybrid: every yes says how (on site or online).
        for index, rsvp in enumerate(
            next_plenary.rsvps.filter(answer=Rsvp.Answer.YES, mode="").order_by("pk")
        ):
            rsvp.mode = Rsvp.Mode.ONLINE if index % 3 == 2 else Rsvp.Mode.IN_PERSON
            rsvp.save(update_fields=["mode"])
    seed_lifecycle(staff)
    return []


def seed_lifecycle(staff) -> None:
    """#16: people present at the last plenary, a deputy in each working group and a working
    group meeting entered after the fact (held, no invitations). Idempotent."""
    plenary = Body.objects.get(kind=Body.Kind.PLENARY)
    last = Meeting.objects.filter(body=plenary, state=Meeting.State.HELD).order_by("-starts_at")
    last = last.first()
    if last is not None:
        for attendance in last.attendances.select_related("partner"):
            if not attendance.people.exists():
                contact = attendance.partner.contacts.select_related("user").first()
                if contact is not None:
                    attendance.people.add(contact.user)
    for body in Body.objects.working_groups():
        confirmed = body.memberships.filter(status=Membership.Status.CONFIRMED).order_by("pk")
        if not confirmed.filter(role=Membership.Role.DEPUTY).exists():
            second = confirmed.exclude(role=Membership.Role.LEAD).first()
            if second is not None:
                second.role = Membership.Role.DEPUTY
                second.save(update_fields=["role"])
    title = "Nachtrag: Abstimmung Wärmenetze (nachträglich erfasst)"
    group = Body.objects.working_groups().order_by("position").first()
    if group is None or Meeting.objects.filter(title=title).exists():
        return
    # Older than the group's regular meetings, whose latest one carries the demo's task.
    day = datetime.date(timezone.localdate().year - 2, 1, 20)
    starts_at = _at(day, 10)
    meeting = Meeting(
        body=group,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        format=Meeting.Format.ONLINE,
        online_link="https://konferenz.example/klimaallianz",
        summary="Kurzfristige Abstimmung per Videokonferenz, nachträglich eingetragen.",
        state=Meeting.State.HELD,
        recorded_afterwards=True,
        created_by=staff,
        published_at=timezone.now(),
    )
    meeting.full_clean()
    meeting.save()
    members = Partner.objects.filter(
        pk__in=Membership.objects.current(day).filter(body=group).values("partner_id")
    ).order_by("name")[:3]
    for partner in members:
        attendance = Attendance.objects.create(meeting=meeting, partner=partner, recorded_by=staff)
        contact = partner.contacts.select_related("user").first()
        if contact is not None:
            attendance.people.add(contact.user)
