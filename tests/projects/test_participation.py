"""Participation must be confirmed by the invited partner (issue #13.4, DESIGN.md "Commitment"):
choosing a partner as participant only invites it (a request on its dashboard, a mail); only
its own contacts, while it is active, confirm or decline; an invitation that is not confirmed
opens nothing internal and counts for nothing. Only active partners can be invited. A credited
project must have started before the lead partner joined."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from core.audit.models import AuditEntry
from core.models import OutboxMail
from partners.models import Partner
from projects import services
from projects.models import Participation, Project, ProjectRevision
from tests.factories import PartnerFactory, ProjectFactory, StaffUserFactory
from tests.projects.conftest import make_contact

pytestmark = pytest.mark.django_db


def confirm_url(project):
    return f"/mein-bereich/projekte/{project.slug}/beteiligung/bestaetigen/"


def decline_url(project):
    return f"/mein-bereich/projekte/{project.slug}/beteiligung/ablehnen/"


@pytest.fixture
def guest(db):
    """An active partner invited to take part."""
    return PartnerFactory(name="Gast Stadtwerke GmbH", slug="gast-stadtwerke")


@pytest.fixture
def guest_contact(guest):
    return make_contact(guest)


@pytest.fixture
def invited(published, lead_contact, guest, guest_contact):
    """The lead's published project with `guest` invited (staff edit: applied directly)."""
    services.project_update(
        project=published,
        actor=StaffUserFactory(),
        participants=[*published.participants, guest],
    )
    return Participation.objects.get(project=published, partner=guest)


def participation_of(project, partner):
    return Participation.objects.filter(project=project, partner=partner).first()


def edit_data(project, **overrides):
    data = {
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "field_of_action": project.field_of_action_id,
        "status": project.status,
        "start_date": project.start_date.isoformat(),
        "expected_reduction": str(project.expected_reduction).replace(".", ","),
    }
    data.update(overrides)
    return data


# --- inviting ----------------------------------------------------------------------------------


def test_choosing_a_participant_invites_it(lead_contact, lead_partner, guest, guest_contact):
    project = services.project_create(
        actor=lead_contact,
        lead_partner=lead_partner,
        participants=[guest],
        title="Wärmepumpen Quartier",
        summary="Wärmepumpen für ein Quartier.",
        field_of_action=ProjectFactory.build().field_of_action,
        status=Project.Status.IN_PROGRESS,
        start_date=datetime.date(2024, 4, 1),
        expected_reduction=Decimal("30"),
    )
    participation = participation_of(project, guest)
    assert participation.state == Participation.State.INVITED
    assert participation.invited_by == lead_contact
    assert participation.invited_at is not None
    assert participation.confirmed_by is None and participation.confirmed_at is None
    assert project.participants == []
    mail = OutboxMail.objects.get(kind="project.participation_invited")
    assert mail.to == guest_contact.email
    assert "Wärmepumpen Quartier" in mail.subject
    assert "/mein-bereich/" in mail.body
    entry = AuditEntry.objects.filter(object_id=str(project.pk), action="changed").last()
    assert "Gast Stadtwerke GmbH" in entry.note


def test_a_bare_attachment_is_only_an_invitation(published, guest):
    published.partners.add(guest)
    assert participation_of(published, guest).state == Participation.State.INVITED
    assert guest not in published.participants


@pytest.mark.parametrize("state", ["registriert", "unterzeichnet", "ausgetreten"])
def test_only_active_partners_can_be_invited(draft, lead_contact, state):
    outsider = PartnerFactory(name="Nicht Aktiv e.V.", status=state)
    with translation.override("de"), pytest.raises(ValidationError) as excinfo:
        services.project_update(
            project=draft, actor=lead_contact, participants=[*draft.participants, outsider]
        )
    message = " ".join(excinfo.value.message_dict["participants"])
    assert "Nur aktive Partner" in message and "Nicht Aktiv e.V." in message
    assert participation_of(draft, outsider) is None


def test_the_form_offers_only_active_partners(client, draft, lead_contact):
    registered = PartnerFactory(name="Registriert GmbH", status=Partner.Status.REGISTERED)
    client.force_login(lead_contact)
    page = client.get(f"/mein-bereich/projekte/{draft.slug}/bearbeiten/").content.decode()
    assert "Registriert GmbH" not in page
    response = client.post(
        f"/mein-bereich/projekte/{draft.slug}/bearbeiten/",
        edit_data(draft, participants=[registered.pk]),
    )
    assert response.status_code == 200
    assert "participants" in response.context["form"].errors
    assert participation_of(draft, registered) is None


def test_a_partner_proposing_a_participant_on_a_published_project_is_refused_for_inactive(
    published, lead_contact
):
    signed = PartnerFactory(status=Partner.Status.REGISTERED)
    with pytest.raises(ValidationError) as excinfo:
        services.project_update(
            project=published,
            actor=lead_contact,
            participants=[*published.participants, signed],
        )
    assert "participants" in excinfo.value.message_dict
    assert not ProjectRevision.objects.filter(project=published).exists()


def test_approving_a_revision_invites_the_new_participants(
    published, lead_contact, staff_user, guest, guest_contact, participant_partner
):
    services.project_update(
        project=published, actor=lead_contact, participants=[participant_partner, guest]
    )
    assert participation_of(published, guest) is None  # proposed, not applied
    revision = ProjectRevision.objects.get(project=published)
    assert revision.changes["participants"] == sorted([participant_partner.pk, guest.pk])
    services.revision_approve(revision=revision, actor=staff_user)
    participation = participation_of(published, guest)
    assert participation.state == Participation.State.INVITED
    assert participation.invited_by == lead_contact  # who proposed it, not the reviewer
    assert guest not in published.participants
    assert OutboxMail.objects.filter(
        kind="project.participation_invited", to=guest_contact.email
    ).exists()
    # The confirmed participant stays confirmed.
    assert participation_of(published, participant_partner).is_confirmed


def test_removing_and_re_inviting(draft, lead_contact, guest, guest_contact):
    services.project_update(project=draft, actor=lead_contact, participants=[guest])
    participation = participation_of(draft, guest)
    services.participation_decline(participation=participation, actor=guest_contact)
    # The declined partner is not chosen any more; saving without it keeps the record.
    services.project_update(project=draft, actor=lead_contact, participants=[])
    assert participation_of(draft, guest).state == Participation.State.DECLINED
    # Chosen again: a new invitation.
    services.project_update(project=draft, actor=lead_contact, participants=[guest])
    again = participation_of(draft, guest)
    assert again.state == Participation.State.INVITED and again.declined_at is None
    # Not chosen: the invitation is withdrawn.
    services.project_update(project=draft, actor=lead_contact, participants=[])
    assert participation_of(draft, guest) is None


# --- answering -----------------------------------------------------------------------------


def test_the_dashboard_shows_the_request_and_confirming_works(
    client, invited, guest_contact, lead_partner, django_capture_on_commit_callbacks
):
    project = invited.project
    client.force_login(guest_contact)
    page = client.get("/mein-bereich/").content.decode()
    assert project.title in page
    assert confirm_url(project) in page and decline_url(project) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(project))
    assert response.status_code == 302 and response.url == "/mein-bereich/"
    invited.refresh_from_db()
    assert invited.state == Participation.State.CONFIRMED
    assert invited.confirmed_by == guest_contact and invited.confirmed_at is not None
    assert AuditEntry.objects.filter(
        object_id=str(project.pk), action="participation_confirmed", actor=guest_contact
    ).exists()
    assert OutboxMail.objects.filter(kind="project.participation_confirmed").exists()
    assert confirm_url(project) not in client.get("/mein-bereich/").content.decode()
    # Now a participant: the internal part opens.
    assert client.get(f"/mein-bereich/projekte/{project.slug}/").status_code == 200


def test_declining(client, invited, guest_contact):
    client.force_login(guest_contact)
    response = client.post(decline_url(invited.project))
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.state == Participation.State.DECLINED
    assert invited.declined_by == guest_contact
    assert AuditEntry.objects.filter(action="participation_declined").exists()
    assert client.get(f"/mein-bereich/projekte/{invited.project.slug}/").status_code == 403


@pytest.mark.parametrize("url", [confirm_url, decline_url])
@pytest.mark.parametrize(
    ("role", "status"),
    # The participant has answered its own invitation already (confirmed): 403.
    [("lead", 404), ("participant", 403), ("other", 404), ("staff", 404)],
)
def test_nobody_answers_for_the_invited_partner(client, roles, invited, role, status, url):
    client.force_login(roles[role])
    response = client.post(url(invited.project))
    assert response.status_code == status
    invited.refresh_from_db()
    assert invited.is_invited


@pytest.mark.parametrize("url", [confirm_url, decline_url])
def test_anonymous_users_are_sent_to_the_login(client, invited, url):
    response = client.post(url(invited.project))
    assert response.status_code == 302 and "/konto/login/" in response.url
    invited.refresh_from_db()
    assert invited.is_invited


@pytest.mark.parametrize("url", [confirm_url, decline_url])
def test_a_partner_that_is_not_active_answers_nothing(client, invited, guest, guest_contact, url):
    Partner.objects.filter(pk=guest.pk).update(status=Partner.Status.WITHDRAWN)
    client.force_login(guest_contact)
    assert client.post(url(invited.project)).status_code == 403
    invited.refresh_from_db()
    assert invited.is_invited
    # The dashboard offers nothing to answer.
    assert confirm_url(invited.project) not in client.get("/mein-bereich/").content.decode()


def test_an_answered_request_cannot_be_answered_again(client, invited, guest_contact):
    services.participation_confirm(participation=invited, actor=guest_contact)
    client.force_login(guest_contact)
    assert client.post(decline_url(invited.project)).status_code == 403
    with pytest.raises(ValidationError):
        services.participation_decline(participation=invited, actor=guest_contact)
    invited.refresh_from_db()
    assert invited.is_confirmed


def test_get_is_not_an_answer(client, invited, guest_contact):
    client.force_login(guest_contact)
    assert client.get(confirm_url(invited.project)).status_code == 405
    invited.refresh_from_db()
    assert invited.is_invited


@pytest.mark.parametrize("role", ["lead", "other", "staff"])
def test_the_services_refuse_everyone_but_the_invited_partner(roles, invited, role):
    for service in (services.participation_confirm, services.participation_decline):
        with pytest.raises(PermissionDenied):
            service(participation=invited, actor=roles[role])
    with pytest.raises(PermissionDenied):
        services.participation_confirm(participation=invited, actor=None)
    invited.refresh_from_db()
    assert invited.is_invited


# --- what an invitation opens: nothing ---------------------------------------------------------


def test_an_invited_partner_sees_nothing_internal(
    client, invited, guest, guest_contact, lead_contact
):
    project = invited.project
    document = services.project_document_add(
        project=project,
        actor=lead_contact,
        title="Nachweis",
        file=SimpleUploadedFile("n.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    assert not guest_contact.has_perm("projects.view_project_documents", project)
    client.force_login(guest_contact)
    assert client.get(f"/mein-bereich/projekte/{project.slug}/").status_code == 403
    assert (
        client.get(f"/mein-bereich/projekte/{project.slug}/nachweise/{document.pk}/").status_code
        == 403
    )
    services.participation_confirm(participation=invited, actor=guest_contact)
    assert guest_contact.has_perm("projects.view_project_documents", project)


def test_an_invited_partner_does_not_see_the_draft(
    client, draft, lead_contact, guest, guest_contact
):
    services.project_update(project=draft, actor=lead_contact, participants=[guest])
    client.force_login(guest_contact)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/mein-bereich/projekte/{draft.slug}/").status_code == 404
    assert draft not in Project.objects.visible_to(guest_contact)
    assert draft not in Project.objects.involving(guest.pk)
    assert client.get("/mein-bereich/projekte/").context["participating"] == []
    services.participation_confirm(
        participation=participation_of(draft, guest), actor=guest_contact
    )
    assert client.get(f"/mein-bereich/projekte/{draft.slug}/").status_code == 200


def test_public_pages_name_only_confirmed_listed_participants(client, invited, guest_contact):
    hidden = PartnerFactory(name="Ungenannt GmbH", public_listing=False)
    Participation.objects.create(
        project=invited.project, partner=hidden, state=Participation.State.CONFIRMED
    )
    project = invited.project
    for url in (project.get_absolute_url(), "/projekte/export.csv", "/projekte/export.json"):
        content = client.get(url).content.decode("utf-8-sig")
        assert "Gast Stadtwerke GmbH" not in content, url  # invited, not confirmed
        assert "Ungenannt GmbH" not in content, url  # confirmed, not listed
        assert "Wohnbau eG" in content, url  # confirmed and listed
    services.participation_confirm(participation=invited, actor=guest_contact)
    cache.clear()
    assert "Gast Stadtwerke GmbH" in client.get(project.get_absolute_url()).content.decode()


def test_internal_pages_list_open_invitations(client, invited, lead_contact):
    client.force_login(lead_contact)
    page = client.get(f"/mein-bereich/projekte/{invited.project.slug}/").content.decode()
    assert "Gast Stadtwerke GmbH" in page
    assert "noch nicht bestätigt" in page


# --- credited ----------------------------------------------------------------------------------


@pytest.fixture
def joined_2011(lead_partner):
    lead_partner.joined_on = datetime.date(2011, 5, 1)
    lead_partner.save()
    return lead_partner


def test_credited_needs_a_start_before_joining(draft, lead_contact, joined_2011):
    with translation.override("de"), pytest.raises(ValidationError) as excinfo:
        services.project_update(
            project=draft, actor=lead_contact, credited=True, start_date=datetime.date(2024, 1, 1)
        )
    message = " ".join(excinfo.value.message_dict["credited"])
    assert "01.01.2024" in message and "01.05.2011" in message
    assert "angerechnet" in message.lower()
    services.project_update(
        project=draft, actor=lead_contact, credited=True, start_date=datetime.date(2010, 3, 1)
    )
    draft.refresh_from_db()
    assert draft.credited


def test_credited_on_the_joining_day_is_refused(draft, lead_contact, joined_2011):
    with pytest.raises(ValidationError) as excinfo:
        services.project_update(
            project=draft, actor=lead_contact, credited=True, start_date=joined_2011.joined_on
        )
    assert "credited" in excinfo.value.message_dict


def test_credited_without_a_joining_date_is_refused(draft, lead_contact):
    assert draft.lead_partner.joined_on is None
    with pytest.raises(ValidationError) as excinfo:
        services.project_update(project=draft, actor=lead_contact, credited=True)
    assert "credited" in excinfo.value.message_dict


def test_credited_in_a_pending_revision_is_checked(published, lead_contact, joined_2011):
    with pytest.raises(ValidationError) as excinfo:
        services.project_update(project=published, actor=lead_contact, credited=True)
    assert "credited" in excinfo.value.message_dict
    assert not ProjectRevision.objects.filter(project=published).exists()


def test_the_form_says_it_and_shows_the_error_on_the_field(
    client, draft, lead_contact, joined_2011
):
    client.force_login(lead_contact)
    url = f"/mein-bereich/projekte/{draft.slug}/bearbeiten/"
    page = client.get(url).content.decode()
    assert "vor dem Beitritt" in page
    response = client.post(url, edit_data(draft, credited="on", start_date="2024-01-01"))
    assert response.status_code == 200
    errors = response.context["form"].errors["credited"]
    assert any("01.05.2011" in error for error in errors)


# --- the migration -----------------------------------------------------------------------------

BEFORE = [("projects", "0004_unguessable_image_names")]
AFTER = [("projects", "0005_participation")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_participations_as_confirmed(latest_schema_afterwards):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Partner_ = old.get_model("partners", "Partner")
    Project_ = old.get_model("projects", "Project")
    Body = old.get_model("partners", "Body")
    lead = Partner_.objects.create(name="Alt Lead", slug="alt-lead", status="aktiv")
    guests = [
        Partner_.objects.create(name=f"Alt Gast {i}", slug=f"alt-gast-{i}", status="aktiv")
        for i in range(2)
    ]
    project = Project_.objects.create(
        title="Altprojekt",
        slug="altprojekt",
        summary="Alt",
        lead_partner=lead,
        # The seeded working groups may be gone: an earlier transactional test flushed them.
        field_of_action=Body.objects.filter(kind="facharbeitsgruppe").first()
        or Body.objects.create(name="Alte Gruppe", slug="alte-gruppe", kind="facharbeitsgruppe"),
        start_date=datetime.date(2015, 1, 1),
        expected_reduction=Decimal("10"),
        publication="veroeffentlicht",
        created_at=timezone.now(),
    )
    project.partners.add(*guests)
    ids = sorted(project.partners.through.objects.values_list("pk", flat=True))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Participation_ = new.get_model("projects", "Participation")
    rows = Participation_.objects.filter(project_id=project.pk).order_by("pk")
    assert sorted(rows.values_list("pk", flat=True)) == ids
    assert {row.state for row in rows} == {"bestaetigt"}
    assert {row.partner_id for row in rows} == {g.pk for g in guests}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Participation.objects.filter(project_id=project.pk).count() == 2
    migrated = Project.objects.get(pk=project.pk)
    assert sorted(p.name for p in migrated.participants) == ["Alt Gast 0", "Alt Gast 1"]
    # New rows after the migration are invitations.
    Project.objects.get(pk=project.pk).partners.add(
        Partner.objects.create(name="Neu", slug="neu-gast", status="aktiv")
    )
    assert Participation.objects.get(partner__slug="neu-gast").is_invited
