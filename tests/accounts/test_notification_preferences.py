"""A partner contact's notification preferences (newsletter.preferences behind
core.notifications): per category immediately, daily or weekly digest, or off; some kinds
always go at once; a kind nobody registered is never held back."""

import time

import pytest
from django.core import mail

from core.mail import send_portal_mail
from core.models import OutboxMail
from newsletter.models import HeldMail
from newsletter.preferences import digests_send, preferences_for, preferences_save
from partners.services import contact_add
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(db):
    user = UserFactory(email="kontakt@example.org")
    contact_add(partner=PartnerFactory(), user=user)
    return user


def notify(user, kind, subject, committed):
    with committed():
        return send_portal_mail(
            to=[user],
            subject=subject,
            template="portal/mail/feedback_receipt.txt",
            context={},
            kind=kind,
        )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_weekly_digest_instead_of_single_mails(contact, committed):
    preferences_save(user=contact, choices={"meetings": "woechentlich", "tasks": "woechentlich"})
    assert notify(contact, "meeting.rsvp_reminder", "Bitte antworten: Plenum", committed) == []
    notify(contact, "action_item.reminder", "Fällig in 7 Tagen: Bericht", committed)
    assert not mail.outbox and not OutboxMail.objects.exists()
    assert HeldMail.objects.filter(user=contact).count() == 2
    # The daily run leaves weekly mails alone.
    assert digests_send(frequency="taeglich") == 0
    with committed():
        assert digests_send(frequency="woechentlich") == 1
    [digest] = mail.outbox
    assert digest.to == ["kontakt@example.org"]
    assert "wöchentliche Zusammenfassung: 2 Benachrichtigungen" in digest.subject
    assert "Bitte antworten: Plenum" in digest.body and "Fällig in 7 Tagen: Bericht" in digest.body
    assert "/konto/benachrichtigungen/" in digest.body
    html = next(content for content, kind in digest.alternatives if kind == "text/html")
    assert '<html lang="de">' in html and "Sitzungen" in html and "Aufgaben" in html
    assert not HeldMail.objects.exists()
    # Nothing left: the next run sends nothing.
    assert digests_send(frequency="woechentlich") == 0


def test_always_immediate_kinds_and_unknown_kinds_bypass_the_preferences(contact, committed):
    preferences_save(
        user=contact,
        choices=dict.fromkeys(("meetings", "decisions", "projects", "tasks"), "aus"),
    )
    for kind in (
        "meeting.cancelled",
        "meeting.changed",
        "meeting.invitation",
        "decision.opened",
        "decision.reminder",
        "project.returned",
        "project.revision_approved",
        "project.participation_invited",
        "some.new_kind_nobody_registered",
    ):
        notify(contact, kind, f"Sofort: {kind}", committed)
    assert len(mail.outbox) == 9
    assert not HeldMail.objects.exists()


def test_off_drops_and_daily_holds(contact, committed):
    preferences_save(user=contact, choices={"decisions": "aus", "projects": "taeglich"})
    notify(contact, "decision.result", "Ergebnis", committed)
    notify(contact, "project.unpublished", "Zurückgezogen", committed)
    assert not mail.outbox
    assert list(HeldMail.objects.values_list("kind", "frequency")) == [
        ("project.unpublished", "taeglich")
    ]
    # Switching to immediately moves what was held into the next daily digest.
    preferences_save(user=contact, choices={"projects": "sofort"})
    notify(contact, "project.unpublished", "Wieder", committed)
    assert [m.subject for m in mail.outbox] == ["[Klimaschutzportal] Wieder"]
    with committed():
        assert digests_send(frequency="taeglich") == 1


def test_mails_with_a_secret_or_without_an_account_go_at_once(contact, committed):
    preferences_save(user=contact, choices={"meetings": "woechentlich"})
    with committed():
        send_portal_mail(
            to=[contact, "ohne-konto@example.org"],
            subject="Mit Link",
            template="portal/mail/feedback_receipt.txt",
            context={},
            kind="meeting.rsvp_reminder",
            contains_secret=True,
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["kontakt@example.org", "ohne-konto@example.org"]


def test_staff_and_others_keep_immediate_mails(committed):
    staff = StaffUserFactory()
    notify(staff, "meeting.rsvp_reminder", "Für die Stabsstelle", committed)
    assert len(mail.outbox) == 1


def test_the_preferences_page(client, contact):
    assert preferences_for(contact)["newsletter"] == "aus"
    assert preferences_for(contact)["meetings"] == "sofort"
    client.force_login(contact)
    page = client.get("/konto/benachrichtigungen/").content.decode()
    assert "Immer sofort versendet" in page and "Absagen von Sitzungen" in page
    assert "wöchentlich gesammelt" in page
    response = client.post(
        "/konto/benachrichtigungen/",
        {
            "meetings": "woechentlich",
            "decisions": "taeglich",
            "projects": "sofort",
            "tasks": "aus",
            "newsletter": "woechentlich",
        },
    )
    assert response.status_code == 302
    assert preferences_for(contact) == {
        "meetings": "woechentlich",
        "decisions": "taeglich",
        "projects": "sofort",
        "tasks": "aus",
        "newsletter": "woechentlich",
    }
    bad = client.post("/konto/benachrichtigungen/", {"meetings": "stuendlich"})
    assert bad.status_code == 200 and "data-error-summary" in bad.content.decode()
    # The account page links to it.
    assert "/konto/benachrichtigungen/" in client.get("/konto/meine-daten/").content.decode()


def test_the_preferences_page_is_for_partner_contacts(client):
    response = client.get("/konto/benachrichtigungen/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    for user in (StaffUserFactory(), UserFactory()):
        client.force_login(user)
        assert client.get("/konto/benachrichtigungen/").status_code == 403
        assert client.post("/konto/benachrichtigungen/", {"meetings": "aus"}).status_code == 403
        assert (
            "/konto/benachrichtigungen/" not in client.get("/konto/meine-daten/").content.decode()
        )


def test_a_contact_who_asked_for_the_newsletter_gets_it_in_the_digest(contact, committed):
    from news.services import post_create
    from newsletter import services
    from newsletter.selectors import candidates, since_last_issue

    staff = StaffUserFactory()
    other = UserFactory()
    contact_add(partner=PartnerFactory(), user=other)  # default: no newsletter
    post = post_create(author=staff, title="Neu", teaser="Kurz", body="Text")
    preferences_save(user=contact, choices={"newsletter": "woechentlich"})
    issue = services.issue_save(
        actor=staff,
        subject="Winter",
        intro="",
        selected=[f"aktuelles:{post.pk}"],
        candidates=candidates(since=since_last_issue()),
    )
    with committed():
        services.issue_send(issue=issue, actor=staff)
    services.issue_deliver(issue_id=issue.pk)
    assert not mail.outbox
    held = HeldMail.objects.get()
    assert held.user == contact and held.kind == "newsletter.issue_for_contact"
    with committed():
        digests_send(frequency="woechentlich")
    [digest] = mail.outbox
    assert "Winter" in digest.body and post.title in digest.body


def test_erasure_forgets_preferences_and_held_mails(contact, committed):
    from accounts.services import user_erase

    preferences_save(user=contact, choices={"meetings": "woechentlich"})
    notify(contact, "meeting.rsvp_reminder", "Gehalten", committed)
    user_erase(user=contact, actor=contact)
    assert not HeldMail.objects.exists()
    assert preferences_for(contact)["meetings"] == "sofort"


@pytest.mark.celery_worker
def test_the_weekly_digest_runs_on_a_real_worker(transactional_db, real_celery):
    from celery.contrib.testing.worker import start_worker

    from klimaportal.celery import app as celery_app
    from newsletter.tasks import send_digests

    user = UserFactory(email="woche@example.org")
    contact_add(partner=PartnerFactory(), user=user)
    preferences_save(user=user, choices={"meetings": "woechentlich"})
    send_portal_mail(
        to=[user],
        subject="Bitte antworten",
        template="portal/mail/feedback_receipt.txt",
        context={},
        kind="meeting.rsvp_reminder",
    )
    assert not OutboxMail.objects.exists() and HeldMail.objects.count() == 1
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        result = send_digests.delay("woechentlich")
        assert result.get(timeout=60) == 1
        deadline = time.monotonic() + 30
        while not OutboxMail.objects.filter(status=OutboxMail.Status.SENT).exists():
            assert time.monotonic() < deadline, "the digest was not sent by the worker"
            time.sleep(0.2)
    [digest] = [m for m in mail.outbox if m.to == ["woche@example.org"]]
    assert "Bitte antworten" in digest.body
    assert not HeldMail.objects.exists()
