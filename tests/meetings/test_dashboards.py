"""The sections meetings contributes to /mein-bereich/ and /stabsstelle/ (wired in there)."""

import datetime

import pytest
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.page_cache import bump_generation
from meetings import selectors
from tests.factories import ActionItemFactory, MeetingFactory, MembershipFactory

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Test{% endblock %}'
    "{% block content %}<h1>Test</h1>{% include section %}{% endblock %}"
)


def render(section, context, user):
    request = RequestFactory().get("/")
    request.user = user
    return PAGE.render({**context, "section": section}, request)


def partner_context(member, working_group):
    partner = member.partner_contact.partner
    MeetingFactory(body=working_group, title="Nächste Sitzung Energie")
    ActionItemFactory(
        meeting=MeetingFactory(state="stattgefunden"),
        responsible_partner=partner,
        title="Dachflächen melden",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    return selectors.partner_dashboard(partner, member)


def test_partner_dashboard_section(member, working_group):
    context = partner_context(member, working_group)
    html = render("meetings/includes/partner_dashboard.html", context, member)
    assert "Nächste Sitzung Energie" in html
    assert "Auf die Einladung antworten" not in html  # the section's own wording
    assert "Rückmeldung zu Nächste Sitzung Energie geben" in html
    assert "Dachflächen melden" in html and "überfällig" in html
    assert "Energiesysteme / Stromnutzung" in html


def test_partner_dashboard_queries_do_not_grow(member, working_group):
    """Cold (after a content change) the same number of queries however many items; warm,
    only the upcoming meetings and replies are read again."""
    partner = member.partner_contact.partner
    partner_context(member, working_group)
    bump_generation()
    with CaptureQueriesContext(connection) as few:
        selectors.partner_dashboard(partner, member)
    for _ in range(5):
        MeetingFactory(body=working_group)
        ActionItemFactory(responsible_partner=partner)
    with CaptureQueriesContext(connection) as many:
        selectors.partner_dashboard(partner, member)
    assert len(few) == len(many)
    with CaptureQueriesContext(connection) as warm:
        context = selectors.partner_dashboard(partner, member)
    assert len(warm) <= len(many) - 3
    assert len(context["meetings_action_items"]) == 6


def test_staff_dashboard_section_warns_about_the_plenary(staff_user, member, working_group):
    ActionItemFactory(
        title="Überfällige Aufgabe", due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    MembershipFactory(
        partner=member.partner_contact.partner,
        representative=member,
        body=working_group.__class__.objects.get(slug="verkehr"),
        status="vorgeschlagen",
    )
    context = selectors.staff_dashboard(staff_user)
    html = render("meetings/includes/staff_dashboard.html", context, staff_user)
    assert context["meetings_plenary_rule"].count == 1  # the factory meeting is a plenary
    assert "mindestens zweimal im Jahr" in html
    assert "Überfällige Aufgabe" in html
    assert "/stabsstelle/aufgaben/?due=ueberfaellig" in html
    assert member.name in html


@pytest.mark.browser
def test_dashboard_sections_are_valid_html(staff_user, member, working_group):
    from tests.browser.harness import assert_valid_html

    assert_valid_html(
        render(
            "meetings/includes/partner_dashboard.html",
            partner_context(member, working_group),
            member,
        ),
        "partner dashboard section",
    )
    assert_valid_html(
        render(
            "meetings/includes/staff_dashboard.html",
            selectors.staff_dashboard(staff_user),
            staff_user,
        ),
        "staff dashboard section",
    )
