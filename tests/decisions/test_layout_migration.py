"""The move of the decisions (to decisions/) and of bodies and memberships (to partners/) loses
no row: a database in the old layout, holding demo-like data written with the historical
models, is migrated forward, and every proposal, position, number, body and membership is found
again through the new models, in the same tables, with its content types and permissions."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from decisions.demo import DECISIONS

pytestmark = pytest.mark.postgres

# The last migrations before the moves (partners 0002, projects 0002, decisions 0001,
# meetings 0005 and 0006 are the moves).
OLD_LAYOUT = [
    ("meetings", "0004_decisions"),
    ("partners", "0001_initial"),
    ("projects", "0001_initial"),
    ("decisions", None),
]
MOVED = {
    "partners": ["body", "membership"],
    "decisions": ["proposal", "position", "decisioncounter"],
}
TABLES = [
    "meetings_body",
    "meetings_membership",
    "meetings_proposal",
    "meetings_position",
    "meetings_decisioncounter",
]


def _at(days_ago: int, hour: int = 17) -> datetime.datetime:
    return timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0) - (
        datetime.timedelta(days=days_ago)
    )


def seed_old_layout(apps) -> None:
    """Demo-like data: partners with contacts and working-group memberships, a sector, a
    project, held plenaries with attendance, decided proposals from meetings and written
    procedures (one not adopted because of an objection, one correction), their positions
    with history, the yearly counters, an open written procedure, a draft and a withdrawn
    one."""
    User = apps.get_model("accounts", "User")
    Partner = apps.get_model("partners", "Partner")
    Contact = apps.get_model("partners", "Contact")
    Sector = apps.get_model("partners", "Sector")
    Project = apps.get_model("projects", "Project")
    Body = apps.get_model("meetings", "Body")
    Membership = apps.get_model("meetings", "Membership")
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Attendance = apps.get_model("meetings", "Attendance")
    Proposal = apps.get_model("meetings", "Proposal")
    Position = apps.get_model("meetings", "Position")
    DecisionCounter = apps.get_model("meetings", "DecisionCounter")

    plenary = Body.objects.get(slug="allianzversammlung")
    groups = list(Body.objects.filter(kind="facharbeitsgruppe").order_by("position"))
    staff = User.objects.create(email="stabsstelle@alt.example", password="!", name="Stab")
    partners, contacts = [], []
    for i in range(5):
        partner = Partner.objects.create(
            name=f"Altpartner {i}", slug=f"altpartner-{i}", status="aktiv"
        )
        user = User.objects.create(email=f"kontakt{i}@alt.example", password="!")
        Contact.objects.create(partner=partner, user=user)
        partners.append(partner)
        contacts.append(user)
    sector = Sector.objects.create(name="Energie (alt)", slug="energie-alt")
    sector.working_groups.set(groups[:2])
    Project.objects.create(
        title="Altprojekt",
        slug="altprojekt",
        summary="Photovoltaik.",
        start_date=datetime.date(2021, 3, 1),
        expected_reduction=Decimal("12.5"),
        lead_partner=partners[0],
        field_of_action=groups[0],
    )
    for i, (partner, user) in enumerate(zip(partners, contacts, strict=True)):
        Membership.objects.create(
            body=groups[i % len(groups)],
            partner=partner,
            representative=user,
            role="leitung" if i == 0 else "mitglied",
            status="bestaetigt" if i < 4 else "vorgeschlagen",
            valid_from=datetime.date(2022, 1, 1),
            proposed_by=user,
        )

    numbers: dict[int, int] = {}

    def number_for(moment) -> str:
        year = timezone.localtime(moment).year
        numbers[year] = numbers.get(year, 0) + 1
        return f"KA-{year}-{numbers[year]:02d}"

    decided = []
    for index, (title, text) in enumerate(DECISIONS):
        moment = _at(700 - 55 * index)
        objection = index == 7
        if index % 2 == 0:
            meeting = Meeting.objects.create(
                body=plenary,
                title=f"Allianzversammlung (alt) {index}",
                starts_at=moment - datetime.timedelta(hours=2),
                ends_at=moment,
                state="stattgefunden",
                place="Altes Rathaus",
            )
            item = AgendaItem.objects.create(meeting=meeting, position=99, title="Beschlüsse")
            present = partners[:4]
            Attendance.objects.bulk_create(
                [Attendance(meeting=meeting, partner=p, recorded_by=staff) for p in present]
            )
            where = {"procedure": "sitzung", "agenda_item": item}
        else:
            present = partners
            where = {"procedure": "umlauf", "deadline": moment}
        proposal = Proposal.objects.create(
            title=title,
            text=text,
            body=plenary,
            state="nicht_angenommen" if objection else "angenommen",
            number=number_for(moment),
            decided_at=moment,
            consent_count=len(present) - 1,
            objection_count=1 if objection else 0,
            participant_count=len(present),
            result_summary="Einwand." if objection else "Im Konsens angenommen.",
            created_by=staff,
            opened_at=moment - datetime.timedelta(days=14),
            closed_by=staff,
            corrects=decided[0] if index == len(DECISIONS) - 1 else None,
            **where,
        )
        for number, (partner, user) in enumerate(zip(present, contacts, strict=False)):
            if number == 0:  # a changed position: the first one stays in the history
                Position.objects.create(
                    proposal=proposal,
                    partner=partner,
                    value="enthaltung",
                    stated_by=user,
                    stated_at=moment - datetime.timedelta(days=3),
                    is_current=False,
                )
            Position.objects.create(
                proposal=proposal,
                partner=partner,
                value="einwand" if objection and number == 1 else "zustimmung",
                reason="Erst Datenschutz klären." if objection and number == 1 else "",
                note="mündlich" if where["procedure"] == "sitzung" else "",
                stated_by=user,
                stated_at=moment - datetime.timedelta(days=1),
            )
        decided.append(proposal)
    for year, last in numbers.items():
        DecisionCounter.objects.create(year=year, last_number=last)
    open_one = Proposal.objects.create(
        title="Ziele der Allianz bis 2030 fortschreiben",
        text="Fortschreibung.",
        body=plenary,
        procedure="umlauf",
        deadline=timezone.now() + datetime.timedelta(days=10),
        state="offen",
        created_by=staff,
    )
    Position.objects.create(
        proposal=open_one, partner=partners[0], value="zustimmung", stated_by=contacts[0]
    )
    for state in ("entwurf", "zurueckgezogen"):
        Proposal.objects.create(
            title=f"Vorlage ({state})",
            text="Text.",
            body=plenary,
            procedure="umlauf",
            deadline=timezone.now() + datetime.timedelta(days=20),
            state=state,
            created_by=staff,
        )


def rows(apps, label: str, fields: list[str]) -> list[tuple]:
    model = apps.get_model(label)
    return sorted(model.objects.values_list(*fields))


PROPOSAL_FIELDS = [
    "pk",
    "title",
    "text",
    "body_id",
    "procedure",
    "agenda_item_id",
    "deadline",
    "state",
    "number",
    "decided_at",
    "corrects_id",
    "consent_count",
    "abstain_count",
    "objection_count",
    "silent_count",
    "participant_count",
    "result_summary",
    "created_by_id",
    "closed_by_id",
]
POSITION_FIELDS = [
    "pk",
    "proposal_id",
    "partner_id",
    "value",
    "reason",
    "note",
    "stated_by_id",
    "stated_at",
    "is_current",
]
MEMBERSHIP_FIELDS = [
    "pk",
    "body_id",
    "partner_id",
    "representative_id",
    "role",
    "status",
    "valid_from",
    "valid_until",
    "proposed_by_id",
]
BODY_FIELDS = ["pk", "name", "slug", "kind", "description", "position"]


def test_old_layout_data_is_found_through_the_new_models(latest_schema_afterwards):
    executor = MigrationExecutor(connection)
    old_apps = executor.migrate(OLD_LAYOUT).apps
    executor.loader.build_graph()
    applied = executor.loader.applied_migrations
    assert ("meetings", "0004_decisions") in applied
    assert not {
        ("decisions", "0001_initial"),
        ("partners", "0002_bodies_and_memberships_from_meetings"),
    } & set(applied)

    seed_old_layout(old_apps)
    before = {
        "proposals": rows(old_apps, "meetings.Proposal", PROPOSAL_FIELDS),
        "positions": rows(old_apps, "meetings.Position", POSITION_FIELDS),
        "counters": rows(old_apps, "meetings.DecisionCounter", ["year", "last_number"]),
        "bodies": rows(old_apps, "meetings.Body", BODY_FIELDS),
        "memberships": rows(old_apps, "meetings.Membership", MEMBERSHIP_FIELDS),
        "sector_groups": sorted(
            old_apps.get_model("partners.Sector").working_groups.through.objects.values_list(
                "sector_id", "body_id"
            )
        ),
        "fields_of_action": rows(old_apps, "projects.Project", ["pk", "field_of_action_id"]),
    }
    old_types = {
        (app, model): ContentType.objects.get(app_label="meetings", model=model).pk
        for app, models in MOVED.items()
        for model in models
    }
    assert len(before["proposals"]) == len(DECISIONS) + 3
    assert len(before["positions"]) > len(DECISIONS) * 4

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from decisions.models import DecisionCounter, Position, Proposal
    from partners.models import Body, Membership, Sector
    from projects.models import Project

    def new_rows(model, fields):
        return sorted(model.objects.values_list(*fields))

    assert new_rows(Proposal, PROPOSAL_FIELDS) == before["proposals"]
    assert new_rows(Position, POSITION_FIELDS) == before["positions"]
    assert new_rows(DecisionCounter, ["year", "last_number"]) == before["counters"]
    assert new_rows(Body, BODY_FIELDS) == before["bodies"]
    assert new_rows(Membership, MEMBERSHIP_FIELDS) == before["memberships"]
    assert (
        sorted(Sector.working_groups.through.objects.values_list("sector_id", "body_id"))
        == before["sector_groups"]
    )
    assert new_rows(Project, ["pk", "field_of_action_id"]) == before["fields_of_action"]

    # Every number is found again, through the relations of the new models too.
    for pk, number in Proposal.objects.decided().values_list("pk", "number"):
        proposal = Proposal.objects.select_related("body", "agenda_item__meeting").get(
            number=number
        )
        assert proposal.pk == pk and proposal.body.slug == "allianzversammlung"
        assert proposal.positions.filter(is_current=True).exists()
    assert Proposal.objects.get(title=DECISIONS[-1][0]).corrects.title == DECISIONS[0][0]
    objection = Position.objects.get(value="einwand")
    assert objection.proposal.state == "nicht_angenommen"
    assert objection.partner.decision_positions.filter(pk=objection.pk).exists()
    assert Membership.objects.current().count() == 4
    assert Body.objects.get(slug="allianzversammlung").proposals.count() == len(DECISIONS) + 3

    # Same tables, nothing copied; content types (and so permissions) follow the models.
    tables = set(connection.introspection.table_names())
    assert set(TABLES) <= tables
    assert not {"decisions_proposal", "partners_body", "partners_membership"} & tables
    ContentType.objects.clear_cache()
    for (app, model), pk in old_types.items():
        moved = ContentType.objects.get(app_label=app, model=model)
        assert moved.pk == pk
        assert Permission.objects.filter(content_type=moved, codename=f"view_{model}").exists()
        assert not ContentType.objects.filter(app_label="meetings", model=model).exists()
