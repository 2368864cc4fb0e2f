"""The named rules against DESIGN.md's role table, state by state: for each rule about a
partner's own things, which partner states its contacts hold it in. Views (the gate), services
and templates ask these rules, so this matrix is the role table in code."""

import datetime

import pytest
from django.utils import timezone

from decisions import services as decision_services
from partners.models import Body
from partners.services import contact_add
from tests.factories import (
    ActionItemFactory,
    MeetingFactory,
    PartnerFactory,
    ProjectFactory,
    StaffUserFactory,
    UserFactory,
)

STATES = ("registriert", "unterzeichnet", "aktiv", "ausgetreten")
ALL = set(STATES)
NOT_WITHDRAWN = {"registriert", "unterzeichnet", "aktiv"}
ACTIVE = {"aktiv"}

# rule -> (the object, from the contact's own partner's things; the states that hold it)
MATRIX = {
    # Nothing internal before the signature is confirmed, nothing new after leaving.
    "decisions.view_proposal": ("open_proposal", ACTIVE),
    "decisions.view_decision_positions": ("open_proposal", ACTIVE),
    "decisions.state_position": ("partner", ACTIVE),
    "meetings.view_meeting_internal": ("meeting", ACTIVE),
    "meetings.rsvp_meeting": ("meeting", ACTIVE),
    "meetings.register_circle": ("meeting", ACTIVE),
    "meetings.propose_membership": ("partner", ACTIVE),
    "meetings.view_memberships": ("partner", ACTIVE),
    "meetings.complete_action_item": ("action_item", ACTIVE),
    "projects.add_project": (None, ACTIVE),
    "projects.lead_project": ("partner", ACTIVE),
    "projects.change_project": ("project", ACTIVE),
    "projects.record_result": ("project", ACTIVE),
    "projects.submit_project": ("project", ACTIVE),
    "projects.import_results": (None, ACTIVE),
    "partners.act_for_active_partner": ("partner", ACTIVE),
    # The registration, profile, contacts and signature: until the partner leaves.
    "partners.change_partner": ("partner", NOT_WITHDRAWN),
    "partners.manage_contacts": ("partner", NOT_WITHDRAWN),
    "partners.sign_declaration": ("partner", NOT_WITHDRAWN),
    # Reading its own things and history: in every state.
    "partners.view_partner": ("partner", ALL),
    "partners.view_partner_internal": ("partner", ALL),
    "partners.view_contacts": ("partner", ALL),
    "projects.view_project": ("project", ALL),
    "projects.view_project_documents": ("project", ALL),
    "projects.view_partner_projects": (None, ALL),
    "accounts.view_partner_dashboard": (None, ALL),
}


@pytest.fixture
def things(db):
    staff = StaffUserFactory()
    plenary = Body.objects.get(slug="allianzversammlung")
    meeting = MeetingFactory(body=plenary)
    proposal = decision_services.proposal_create(
        actor=staff,
        title="Umlauf",
        text="Text",
        body=plenary,
        deadline=timezone.now() + datetime.timedelta(days=5),
    )
    proposal = decision_services.proposal_open(proposal=proposal, actor=staff)
    result = {}
    for state in STATES:
        partner = PartnerFactory(status=state, public_listing=False)
        user = UserFactory()
        contact_add(partner=partner, user=user)
        result[state] = {
            "user": user,
            "partner": partner,
            "project": ProjectFactory(lead_partner=partner, publication="entwurf"),
            "action_item": ActionItemFactory(meeting=meeting, responsible_partner=partner),
            "meeting": meeting,
            "open_proposal": proposal,
            None: None,
        }
    return result


def test_the_matrix_names_real_rules():
    import rules

    for name in MATRIX:
        assert rules.perm_exists(name), name


def test_rules_follow_the_partner_state(things):
    wrong = []
    for name, (key, holding) in sorted(MATRIX.items()):
        for state in STATES:
            mine = things[state]
            got = mine["user"].has_perm(name, mine[key])
            if got != (state in holding):
                wrong.append(f"{name} for a contact of a {state} partner: {got}")
    assert not wrong, "\n".join(wrong)


def test_nobody_holds_them_for_another_partner(things):
    """The active partner's contact holds none of the object-level rules for another
    partner's things (a withdrawn partner's ones included)."""
    active = things["aktiv"]["user"]
    for name, (key, _holding) in sorted(MATRIX.items()):
        if key in (None, "meeting", "open_proposal"):
            continue
        other = things["ausgetreten"][key]
        if name == "partners.view_partner":
            continue  # listed partners' public profiles (this one is unlisted: see below)
        assert not active.has_perm(name, other), name
    assert not active.has_perm("partners.view_partner", things["ausgetreten"]["partner"])
