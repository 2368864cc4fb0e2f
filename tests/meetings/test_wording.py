"""Words that mean different things in different places keep their own German (#16): the
project-wide catalogue no longer overrides the apps' words, message contexts tell them apart."""

from django.template.loader import render_to_string
from django.utils import translation

from decisions.models import Proposal
from meetings.forms import MembershipProposalForm
from meetings.models import CircleRegistration
from partners.models import Membership, Partner


def test_contexts_keep_each_meaning():
    with translation.override("de"):
        assert str(Proposal.State.WITHDRAWN.label) == "zurückgezogen"
        assert str(Partner.Status.WITHDRAWN.label) == "Ausgetreten"
        assert str(Partner.Status.REGISTERED.label) == "Registriert"
        assert str(CircleRegistration.Status.REGISTERED.label) == "Angemeldet"
        assert str(Membership.Status.ENDED.label) == "Beendet"
        assert str(MembershipProposalForm.base_fields["valid_from"].label) == "Ab"


def test_reminder_mail_says_where_the_item_comes_from(db):
    from tests.factories import ActionItemFactory, PartnerFactory

    item = ActionItemFactory(responsible_partner=PartnerFactory())
    with translation.override("de"):
        body = render_to_string(
            "meetings/mail/action_item_reminder.txt",
            {"item": item, "overdue": False, "site_url": "http://x"},
        )
    assert "Aus: " in body and "Ab: " not in body


def test_rsvp_people_error_says_what_is_allowed(db):
    from meetings.forms import RsvpForm

    form = RsvpForm(data={"answer": "zusage", "people": "0"})
    assert not form.is_valid()
    assert form.errors["people"] == ["Bitte geben Sie 1 bis 20 Personen an."]
    form = RsvpForm(data={"answer": "zusage", "people": "-3"})
    assert form.errors["people"] == ["Bitte geben Sie 1 bis 20 Personen an."]
    assert RsvpForm(data={"answer": "absage", "people": "0"}).is_valid()
