"""The citizen's newsletter: subscribe, confirm (double opt-in), receive, leave with one
click; the mails' headers and links are parsed as a mail program would."""

import datetime
import time
from email import message_from_bytes, policy

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from core.models import OutboxMail
from newsletter import services
from newsletter.models import Issue, Subscriber

from .conftest import confirm_link, html_part, links, outbox_to, path_of, subscribe

pytestmark = pytest.mark.django_db


def compose_and_send(client, staff, post, committed, subject="Dezember"):
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/newsletter/neu/",
        {
            "subject": subject,
            "intro": "Liebe Leserinnen und Leser,",
            "items": [f"aktuelles:{post.pk}"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Issue.objects.get(subject=subject)
    with committed():
        assert client.post(f"/stabsstelle/newsletter/{issue.number}/senden/").status_code == 302
    client.logout()
    issue.refresh_from_db()
    return issue


def test_subscribe_confirm_receive_and_unsubscribe_with_one_click(client, staff, post, committed):
    response = subscribe(client, committed, "Leser@example.org", topics=["aktuelles"])
    assert response.status_code == 302 and response["Location"] == "/newsletter/angefordert/"
    [confirmation] = mail.outbox
    assert confirmation.to == ["Leser@example.org"]
    assert "bestätigen" in confirmation.subject.lower()
    assert "7 Tage" in confirmation.body
    html = html_part(confirmation)
    assert '<html lang="de">' in html and "Alter Markt 6, 39104 Magdeburg" in html
    assert "Alter Markt 6, 39104 Magdeburg" in confirmation.body
    url = confirm_link(confirmation)
    assert url in html
    subscriber = Subscriber.objects.get()
    assert subscriber.state == Subscriber.State.PENDING
    # Nothing but the confirmation goes out before the confirmation.
    issue = compose_and_send(client, staff, post, committed, subject="Vorab")
    assert issue.state == Issue.State.SENT and issue.recipients == 0
    assert outbox_to("Leser@example.org") == [confirmation]

    # Opening the link (a mail scanner does that) confirms nothing; the button does.
    page = client.get(path_of(url))
    assert page.status_code == 200 and "Abonnement bestätigen" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.PENDING
    with committed():
        assert client.post(path_of(url)).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert subscriber.consent_version == services.CONSENT_VERSION
    assert subscriber.confirmed_at is not None and subscriber.topics == ["aktuelles"]

    mail.outbox.clear()
    issue = compose_and_send(client, staff, post, committed, subject="Dezember")
    assert issue.recipients == 1
    [letter] = mail.outbox
    assert letter.to == ["Leser@example.org"]
    assert "Newsletter Nr. 2: Dezember" in letter.subject
    parsed = message_from_bytes(letter.message().as_bytes(), policy=policy.default)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = str(parsed["List-Unsubscribe"]).strip()
    assert header.startswith("<https://") or header.startswith("<http://")
    unsubscribe_url = header.strip("<>")
    assert "/newsletter/abmelden/" in unsubscribe_url
    assert parsed.get_content_type() == "multipart/alternative"
    text = letter.body
    assert post.title in text and unsubscribe_url in links(text)
    assert post.get_absolute_url() in text
    html = html_part(letter)
    assert f'href="{unsubscribe_url}"' in html and post.title in html
    assert "Klimaschutzportal" in html and "39104 Magdeburg" in html

    # RFC 8058: the mail program POSTs without cookie or CSRF token.
    program = Client(enforce_csrf_checks=True)
    response = program.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED and subscriber.unsubscribed_at
    # Again: still fine (idempotent).
    assert program.post(path_of(unsubscribe_url)).status_code == 200
    mail.outbox.clear()
    compose_and_send(client, staff, post, committed, subject="Januar")
    assert outbox_to("Leser@example.org") == []


def test_the_unsubscribe_link_asks_first_and_unknown_keys_are_404(client):
    subscriber = Subscriber.objects.create(
        email="a@example.org",
        requested_at=timezone.now(),
        state=Subscriber.State.CONFIRMED,
        confirmed_at=timezone.now(),
        consent_version=services.CONSENT_VERSION,
    )
    page = client.get(f"/newsletter/abmelden/{subscriber.unsubscribe_key}/")
    assert page.status_code == 200 and "Abmelden" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert client.get("/newsletter/abmelden/unbekannt/").status_code == 404
    assert client.post("/newsletter/abmelden/unbekannt/").status_code == 404


def test_forged_and_expired_confirmation_links_are_refused(client, monkeypatch, committed):
    subscribe(client, committed, "b@example.org")
    url = path_of(confirm_link(mail.outbox[0]))
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (forged, "garbage", signing.dumps({"s": 1, "k": "guess"})):
        response = client.post(f"/newsletter/bestaetigen/{bad}/")
        assert response.status_code == 400
        assert "nicht gültig" in response.content.decode()
    # A correctly signed token with the wrong key (e.g. an older link) is refused too.
    subscriber = Subscriber.objects.get()
    other = signing.dumps({"s": subscriber.pk, "k": "old"}, salt=services.CONFIRM_SALT)
    assert client.post(f"/newsletter/bestaetigen/{other}/").status_code == 400
    # Eight days later the link has expired.
    later = time.time() + datetime.timedelta(days=8).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(url)
    assert response.status_code == 400 and "abgelaufen" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.PENDING


def test_a_new_request_makes_the_older_link_worthless(client, committed):
    subscribe(client, committed, "c@example.org")
    first = path_of(confirm_link(mail.outbox[0]))
    subscribe(client, committed, "c@example.org")
    second = path_of(confirm_link(mail.outbox[1]))
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 200


def test_the_answer_never_tells_whether_an_address_is_subscribed(client, committed):
    now = timezone.now()
    Subscriber.objects.create(
        email="dabei@example.org",
        requested_at=now,
        state=Subscriber.State.CONFIRMED,
        confirmed_at=now,
        consent_version=services.CONSENT_VERSION,
    )
    Subscriber.objects.create(email="wartet@example.org", requested_at=now)
    Subscriber.objects.create(
        email="weg@example.org", requested_at=now, state=Subscriber.State.UNSUBSCRIBED
    )
    answers = set()
    for email in ("neu@example.org", "DABEI@example.org", "wartet@example.org", "weg@example.org"):
        response = subscribe(client, committed, email)
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, "/newsletter/angefordert/")}
    # The confirmed address gets a notice with its unsubscribe link, not a second subscription.
    [notice] = outbox_to("dabei@example.org")
    assert "/newsletter/bestaetigen/" not in notice.body
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Subscriber.objects.filter(email__iexact="dabei@example.org").count() == 1
    assert Subscriber.objects.get(email="weg@example.org").state == Subscriber.State.PENDING
    assert Subscriber.objects.get(email="dabei@example.org").state == Subscriber.State.CONFIRMED


def test_rate_limits_per_address_and_per_client(client, committed):
    for _ in range(5):
        assert subscribe(client, committed, "ziel@example.org").status_code == 302
    # Three mails a day to one address; the answer stays the same.
    assert len(outbox_to("ziel@example.org")) == 3
    for n in range(5):
        assert subscribe(client, committed, f"x{n}@example.org").status_code == 302
    response = subscribe(client, committed, "noch-einer@example.org")
    assert response.status_code == 200
    assert "Zu viele Anfragen" in response.content.decode()
    assert not outbox_to("noch-einer@example.org")


def test_the_form_keeps_input_and_explains_errors_in_german(client):
    response = client.post("/newsletter/", {"email": "kein-at", "topics": ["unbekannt"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "gültige E-Mail-Adresse" in html and 'value="kein-at"' in html
    assert "zuzustimmen" in html or "Zustimmung" in html or "stimmen Sie" in html
    assert "data-error-summary" in html
    assert not Subscriber.objects.exists()


def test_topics_are_respected(client, staff, post, committed):
    now = timezone.now()
    for email, topics in (("projekte@example.org", ["projekte"]), ("alles@example.org", [])):
        Subscriber.objects.create(
            email=email,
            topics=topics,
            requested_at=now,
            state=Subscriber.State.CONFIRMED,
            confirmed_at=now,
            consent_version=services.CONSENT_VERSION,
        )
    issue = compose_and_send(client, staff, post, committed)
    assert issue.recipients == 1
    assert outbox_to("alles@example.org") and not outbox_to("projekte@example.org")


def test_sending_goes_in_batches_and_never_twice(staff, post, django_capture_on_commit_callbacks):
    now = timezone.now()
    for n in range(5):
        Subscriber.objects.create(
            email=f"s{n}@example.org",
            requested_at=now,
            state=Subscriber.State.CONFIRMED,
            confirmed_at=now,
            consent_version=services.CONSENT_VERSION,
        )
    from newsletter.selectors import candidates, since_last_issue

    found = candidates(since=since_last_issue())
    issue = services.issue_save(
        actor=staff, subject="Test", intro="", selected=[f"aktuelles:{post.pk}"], candidates=found
    )
    Issue.objects.filter(pk=issue.pk).update(state=Issue.State.SENDING)
    assert services.issue_deliver(issue_id=issue.pk, batch_size=2) == 5
    assert services.issue_deliver(issue_id=issue.pk, batch_size=2) == 0
    issue.refresh_from_db()
    assert issue.state == Issue.State.SENT and issue.recipients == 5
    assert OutboxMail.objects.filter(kind="newsletter.issue").count() == 5
    # Each mail carries its own unsubscribe link.
    heads = {
        row.headers["List-Unsubscribe"]
        for row in OutboxMail.objects.filter(kind="newsletter.issue")
    }
    assert len(heads) == 5


def test_archive_shows_sent_issues_only(client, staff, post, committed):
    from newsletter.selectors import candidates, since_last_issue

    draft = services.issue_save(
        actor=staff,
        subject="Entwurf",
        intro="",
        selected=[f"aktuelles:{post.pk}"],
        candidates=candidates(since=since_last_issue()),
    )
    assert client.get(f"/newsletter/archiv/{draft.number}/").status_code == 404
    assert "Entwurf" not in client.get("/newsletter/archiv/").content.decode()
    sent = compose_and_send(client, staff, post, committed, subject="Versendet")
    page = client.get(f"/newsletter/archiv/{sent.number}/")
    assert page.status_code == 200 and post.title in page.content.decode()
    assert "Versendet" in client.get("/newsletter/archiv/").content.decode()


def test_the_public_pages_use_few_queries(
    client, staff, post, django_assert_max_num_queries, committed
):
    for n in range(3):
        compose_and_send(client, staff, post, committed, subject=f"Ausgabe {n}")
    with django_assert_max_num_queries(3):
        assert client.get("/newsletter/archiv/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/newsletter/archiv/1/").status_code == 200


def test_erasure_removes_the_subscription(staff):
    from accounts.services import user_erase
    from tests.factories import UserFactory

    user = UserFactory(email="person@example.org")
    Subscriber.objects.create(email="Person@example.org", requested_at=timezone.now())
    user_erase(user=user, actor=user)
    assert not Subscriber.objects.exists()


def test_unconfirmed_requests_are_deleted_after_seven_days(client, committed):
    from django.conf import settings as django_settings

    from newsletter.tasks import purge_unconfirmed

    subscribe(client, committed, "vergessen@example.org")
    subscribe(client, committed, "frisch@example.org")
    Subscriber.objects.filter(email="vergessen@example.org").update(
        requested_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert purge_unconfirmed() == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["frisch@example.org"]
    entry = django_settings.CELERY_BEAT_SCHEDULE["newsletter-purge-unconfirmed"]
    assert entry["task"] == "newsletter.purge_unconfirmed"
