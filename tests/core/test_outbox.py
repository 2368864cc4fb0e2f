"""The mail outbox (core.mail): services write mails in their transaction, a task sends them
after commit, retries with backoff and never twice; an outage of the mail server or of the
broker fails no request and loses no mail; staff see failed mails and send them again."""

import datetime
import re
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from core import mail as outbox
from core.audit.selectors import history_of
from core.models import OutboxMail
from core.tasks import send_due_mail
from partners.services import contact_add
from tests.factories import (
    PASSWORD,
    MeetingFactory,
    PartnerFactory,
    ProjectFactory,
    StaffUserFactory,
    UserFactory,
)

REFUSING = "tests.core.mail_backends.RefusingBackend"
SMTP_ERROR = "tests.core.mail_backends.SMTPErrorBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def a_minute_later():
    """The backoff after a failed attempt has passed."""
    OutboxMail.objects.filter(status=OutboxMail.Status.PENDING).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def contact_of(partner):
    user = UserFactory()
    contact_add(partner=partner, user=user)
    return user


def queue(**overrides):
    return outbox.queue_mail(
        **{
            "to": ["leser@example.org"],
            "subject": "Hinweis",
            "body": "Text",
            "kind": "test.note",
            **overrides,
        }
    )


# Writing and sending ----------------------------------------------------------------------


def test_mails_leave_after_commit_one_per_person_with_kind_and_account(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(email="Erika@example.org")
    addresses = ["erika@example.org", "", None, "otto@example.org", "ERIKA@example.org"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        rows = queue(to=addresses)
        assert not mail.outbox  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert [row.to for row in rows] == ["erika@example.org", "otto@example.org"]
    assert sorted(m.to for m in mail.outbox) == [["erika@example.org"], ["otto@example.org"]]
    assert mail.outbox[0].subject == "[Klimaschutzportal] Hinweis"
    stored = {row.to: row for row in OutboxMail.objects.all()}
    assert stored["erika@example.org"].recipient_user == user  # matched by address
    assert stored["otto@example.org"].recipient_user is None
    assert {row.kind for row in stored.values()} == {"test.note"}
    assert {row.status for row in stored.values()} == {"sent"}
    assert all(row.sent_at and row.attempts == 1 for row in stored.values())


def test_a_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the change failed")
    assert not OutboxMail.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_mail_is_sent_at_once():
    """allauth sends some mails outside `atomic`: on_commit runs immediately then."""
    assert connection.get_autocommit()
    queue()
    assert len(mail.outbox) == 1
    assert OutboxMail.objects.get().status == "sent"


def test_kind_is_required(db):
    with pytest.raises(ValueError, match="kind"):
        queue(kind="")


@pytest.mark.parametrize("backend", [REFUSING, SMTP_ERROR])
def test_failing_server_retries_with_backoff_then_marks_failed(
    db, settings, backend, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = backend
    with django_capture_on_commit_callbacks(execute=True):
        queue()
    row = OutboxMail.objects.get()
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error.split(":")[0] in {"ConnectionRefusedError", "SMTPException"}
    assert row.next_attempt_at > timezone.now()
    # Not due yet: the beat job leaves it alone.
    assert outbox.outbox_send_due() == 0
    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        a_minute_later()
        outbox.outbox_mail_send(mail_id=row.pk)
        row.refresh_from_db()
        assert row.attempts == attempt
    assert row.status == "failed" and row.next_attempt_at is None
    a_minute_later()
    assert outbox.outbox_send_due() == 0  # failed mails wait for staff
    assert not mail.outbox


def test_beat_sends_each_due_mail_once(db, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        queue(to=["a@example.org", "b@example.org", "c@example.org"])
    settings.EMAIL_BACKEND = LOCMEM
    a_minute_later()
    assert send_due_mail() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
    assert send_due_mail() == 0
    assert len(mail.outbox) == 3


def test_a_beat_run_stops_after_failures_in_a_row(db, settings, django_capture_on_commit_callbacks):
    """The server is down: the run stops instead of spending every row's attempts."""
    with django_capture_on_commit_callbacks(execute=False):
        queue(to=[f"p{n}@example.org" for n in range(6)])
    settings.EMAIL_BACKEND = REFUSING
    assert send_due_mail() == outbox.DUE_RUN_FAILURES_IN_A_ROW
    assert OutboxMail.objects.filter(attempts=0).count() == 6 - outbox.DUE_RUN_FAILURES_IN_A_ROW


def test_a_mail_being_sent_is_not_sent_again(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        (row,) = queue()
    OutboxMail.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now())
    assert outbox.outbox_mail_send(mail_id=row.pk) == "sending"
    assert send_due_mail() == 0
    # Its worker died mid-send: it may have gone out, so it is failed, never sent twice.
    OutboxMail.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - outbox.STALE_SENDING - datetime.timedelta(minutes=1)
    )
    assert send_due_mail() == 0
    row.refresh_from_db()
    assert row.status == "failed" and "interrupted" in row.last_error
    assert not mail.outbox
    assert outbox.outbox_mail_send(mail_id=row.pk) == "failed"
    assert not mail.outbox


def test_attachments_html_and_headers_survive_the_outbox(db, django_capture_on_commit_callbacks):
    calendar = b"BEGIN:VCALENDAR\r\nSUMMARY:Sitzung \xc3\xbc\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            html_body="<p>Text</p>",
            headers={"Reply-To": "stabsstelle@example.org"},
            attachments=[
                {"filename": "einladung.ics", "content": calendar, "mimetype": "text/calendar"},
                {"filename": "notiz.txt", "content": "Hallo", "mimetype": "text/plain"},
            ],
        )
    (message,) = mail.outbox
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["Reply-To"] == "stabsstelle@example.org"
    (name, content, mimetype), (name2, content2, _mimetype2) = message.attachments
    assert (name, mimetype) == ("einladung.ics", "text/calendar")
    assert "Sitzung ü" in content
    assert (name2, content2) == ("notiz.txt", "Hallo")


def test_a_secret_is_removed_from_the_outbox_once_sent(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = queue(body="https://portal.example/konto/reset/abc123/", contains_secret=True)
    assert "abc123" in mail.outbox[0].body
    row.refresh_from_db()
    assert row.status == "sent" and row.body == ""


# Every form that sends mail, with the mail server down ------------------------------------


def feedback(client):
    response = client.post(
        "/barrierefreiheit/", {"message": "Kontrast zu gering.", "email": "leser@example.org"}
    )
    return response, 2


def signup(client):
    response = client.post(
        "/konto/signup/",
        {
            "name": "Erika Mustermann",
            "email": "erika@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    return response, 1


def password_reset(client):
    response = client.post("/konto/password/reset/", {"email": UserFactory().email})
    return response, 1


def partner_registration(client):
    StaffUserFactory()  # staff and the Stabsstelle's address are told
    client.force_login(UserFactory())
    response = client.post(
        "/partner/registrieren/",
        {
            "name": "Elbauen Solar GmbH",
            "kind": "unternehmen",
            "street": "Breiter Weg 1",
            "postal_code": "39104",
            "city": "Magdeburg",
            "size_band": "10-49",
            "description": "Photovoltaik auf Magdeburger Dächern.",
        },
    )
    return response, 2


def contact_invitation(client):
    partner = PartnerFactory()
    client.force_login(contact_of(partner))
    response = client.post(f"/partner/{partner.slug}/kontakte/", {"email": "neu@example.org"})
    return response, 1


def project_submit(client):
    project = ProjectFactory(publication="entwurf")
    client.force_login(contact_of(project.lead_partner))
    response = client.post(f"/mein-bereich/projekte/{project.slug}/einreichen/")
    return response, 1


def meeting_invitation(client):
    contact_of(PartnerFactory())
    contact_of(PartnerFactory())
    meeting = MeetingFactory(state="entwurf")
    client.force_login(StaffUserFactory())
    return client.post(f"/stabsstelle/termine/{meeting.pk}/veroeffentlichen/"), 2


def meeting_cancellation(client):
    contact_of(PartnerFactory())
    meeting = MeetingFactory()
    client.force_login(StaffUserFactory())
    response = client.post(f"/stabsstelle/termine/{meeting.pk}/status/", {"state": "abgesagt"})
    return response, 1


FLOWS = [
    feedback,
    signup,
    password_reset,
    partner_registration,
    contact_invitation,
    project_submit,
    meeting_invitation,
    meeting_cancellation,
]


@pytest.mark.parametrize("flow", FLOWS, ids=lambda flow: flow.__name__)
def test_with_the_mail_server_down_every_form_answers_and_no_mail_is_lost(
    client, db, settings, flow, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        response, expected = flow(client)
    assert response.status_code == 302, response.content.decode()[:500]
    rows = OutboxMail.objects.all()
    assert rows.count() == expected
    assert {(row.status, row.attempts) for row in rows} == {("pending", 1)}
    assert all(row.last_error.startswith("ConnectionRefusedError") for row in rows)
    assert not mail.outbox

    # The server is back: the beat job sends each mail once, a second run nothing.
    settings.EMAIL_BACKEND = LOCMEM
    a_minute_later()
    send_due_mail()
    assert len(mail.outbox) == expected
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {"sent"}
    send_due_mail()
    assert len(mail.outbox) == expected


def test_the_sign_up_link_works_after_the_outage(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    row = OutboxMail.objects.get()
    assert row.kind == "account.email_confirmation_signup"
    assert row.contains_secret and row.recipient_user is not None
    settings.EMAIL_BACKEND = LOCMEM
    a_minute_later()
    send_due_mail()
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/[^\s]+/)", mail.outbox[0].body)
    assert client.post(link.group(1)).status_code == 302
    assert row.recipient_user.emailaddress_set.get().verified


# The broker is down ------------------------------------------------------------------------


@pytest.fixture
def outbox_via_broker(monkeypatch):
    """Tasks go to a broker that does not answer (port 1 refuses at once), not in-process."""
    from klimaportal.celery import app as celery_app
    from tests.conftest import reset_celery_connections, use_broker

    keys = ("broker_url", "task_always_eager")
    previous = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(task_always_eager=False)
    use_broker(celery_app, monkeypatch, "redis://127.0.0.1:1/0")
    yield
    monkeypatch.undo()
    celery_app.conf.update(previous)
    reset_celery_connections(celery_app)


def test_with_the_broker_down_nothing_is_lost(
    client, db, settings, outbox_via_broker, django_capture_on_commit_callbacks
):
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response, expected = feedback(client)
    assert response.status_code == 302
    assert timezone.now() - started < datetime.timedelta(seconds=10)  # no long broker retries
    rows = OutboxMail.objects.all()
    assert rows.count() == expected
    assert {(row.status, row.attempts) for row in rows} == {("pending", 0)}
    assert not mail.outbox
    # The beat job (run by a worker once the broker is back) sends them, once.
    assert send_due_mail() == expected
    assert send_due_mail() == 0
    assert len(mail.outbox) == expected


# Two workers, one mail ---------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_mail_send_it_once(settings):
    settings.EMAIL_BACKEND = "tests.core.mail_backends.SlowBackend"
    row = OutboxMail.objects.create(kind="test.note", to="a@example.org", subject="S", body="B")
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(outbox.outbox_mail_send(mail_id=row.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["sending", "sent"]
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)


# Failed mails: dashboard, resend, admin, personal data -------------------------------------


def failed(**fields):
    defaults = {
        "kind": "feedback.received",
        "to": "leser@example.org",
        "subject": "[Klimaschutzportal] Hinweis zur Barrierefreiheit",
        "body": "Der Kontrast ist zu gering.",
        "status": "failed",
        "attempts": outbox.MAX_ATTEMPTS,
        "last_error": "ConnectionRefusedError: [Errno 111] Connection refused",
        "last_attempt_at": timezone.now(),
    }
    return OutboxMail.objects.create(**{**defaults, **fields})


def test_staff_dashboard_lists_failed_mails_without_their_text(client, db):
    failed(
        kind="account.password_reset_key",
        to="erika@example.org",
        subject="[Klimaschutzportal] Passwort zurücksetzen",
        body="https://portal.example/konto/password/reset/key/GEHEIM-123/",
        contains_secret=True,
    )
    failed()
    failed(to="gesendet@example.org", status="sent", sent_at=timezone.now())
    client.force_login(StaffUserFactory())
    page = client.get("/stabsstelle/").content.decode()
    assert "E-Mails, die nicht zugestellt werden konnten" in page
    for text in (
        "erika@example.org",
        "Passwort zurücksetzen",
        "account.password_reset_key",
        "ConnectionRefusedError",
        "leser@example.org",
        "feedback.received",
    ):
        assert text in page
    assert "GEHEIM-123" not in page and "Kontrast ist zu gering" not in page
    assert "gesendet@example.org" not in page


def test_partner_dashboard_and_others_never_show_failed_mails(client, db):
    failed()
    partner = PartnerFactory()
    client.force_login(contact_of(partner))
    assert "leser@example.org" not in client.get("/mein-bereich/").content.decode()


def test_resend_is_refused_to_anonymous_users_and_partner_contacts(client, db):
    row = failed()
    url = f"/stabsstelle/e-mails/{row.pk}/erneut-senden/"
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    client.force_login(contact_of(PartnerFactory()))
    assert client.post(url).status_code == 403
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    client.force_login(StaffUserFactory())
    assert client.get(url).status_code == 405
    row.refresh_from_db()
    assert row.status == "failed" and not mail.outbox


def test_staff_send_a_failed_mail_again(client, db, django_capture_on_commit_callbacks):
    row = failed()
    staff = StaffUserFactory()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/stabsstelle/e-mails/{row.pk}/erneut-senden/", follow=True)
    assert "wird erneut gesendet" in response.content.decode()
    assert [m.body for m in mail.outbox] == ["Der Kontrast ist zu gering."]
    row.refresh_from_db()
    assert row.status == "sent"
    (entry,) = history_of(row)
    assert (entry.action, entry.actor) == ("resent", staff)
    assert "Connection refused" in entry.note
    # Sent is sent: a second click changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/stabsstelle/e-mails/{row.pk}/erneut-senden/")
    assert len(mail.outbox) == 1


def test_a_failed_password_reset_is_issued_afresh_and_the_old_one_stays_failed(
    client, db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    user = UserFactory()
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": user.email})
    old = OutboxMail.objects.get()
    old_body = old.body
    old_key = re.search(r"/konto/password/reset/key/([^/\s]+)/", old_body).group(1)
    OutboxMail.objects.filter(pk=old.pk).update(status="failed")
    settings.EMAIL_BACKEND = LOCMEM
    client.force_login(StaffUserFactory())
    page = client.get("/stabsstelle/").content.decode()
    assert "Neuen Link an" in page and old_key not in page
    # Staff act a few minutes later (a key made in the same second would be the same).
    later = datetime.datetime.now() + datetime.timedelta(minutes=5)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/stabsstelle/e-mails/{old.pk}/erneut-senden/", follow=True)
    assert "mit einem neuen Link" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "/konto/password/reset/key/" in message.body
    assert old_key not in message.body  # a new key
    old.refresh_from_db()
    assert old.status == "failed" and old.reissued_at is not None
    assert [entry.action for entry in history_of(old)] == ["reissued"]
    fresh = OutboxMail.objects.exclude(pk=old.pk).get()
    assert (fresh.kind, fresh.status, fresh.contains_secret) == (
        "account.password_reset_key",
        "sent",
        True,
    )
    # Dealt with: no longer on the dashboard, and not issued a second time.
    assert user.email not in client.get("/stabsstelle/").content.decode()
    client.post(f"/stabsstelle/e-mails/{old.pk}/erneut-senden/")
    assert OutboxMail.objects.count() == 2


def test_a_failed_verification_mail_is_issued_afresh(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    old = OutboxMail.objects.get()
    OutboxMail.objects.filter(pk=old.pk).update(status="failed")
    settings.EMAIL_BACKEND = LOCMEM
    client.force_login(StaffUserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/stabsstelle/e-mails/{old.pk}/erneut-senden/")
    (message,) = mail.outbox
    assert message.to == ["erika@example.org"]
    assert "/konto/confirm-email/" in message.body
    assert OutboxMail.objects.get(pk=old.pk).status == "failed"


def test_a_failed_invitation_becomes_a_new_invitation(
    client, db, settings, django_capture_on_commit_callbacks
):
    from partners.models import Invitation

    partner = PartnerFactory()
    client.force_login(contact_of(partner))
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/partner/{partner.slug}/kontakte/", {"email": "neu@example.org"})
    old = OutboxMail.objects.get()
    assert (old.kind, old.contains_secret) == ("partner.invitation", True)
    OutboxMail.objects.filter(pk=old.pk).update(status="failed")
    settings.EMAIL_BACKEND = LOCMEM
    client.force_login(StaffUserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/stabsstelle/e-mails/{old.pk}/erneut-senden/")
    first, second = Invitation.objects.order_by("created_at", "pk")
    (message,) = mail.outbox
    assert second.token in message.body and first.token not in message.body


def test_a_secret_mail_nobody_can_issue_afresh_is_not_resent(client, db):
    row = failed(kind="test.secret", contains_secret=True)
    url = f"/stabsstelle/e-mails/{row.pk}/erneut-senden/"
    client.force_login(StaffUserFactory())
    page = client.get("/stabsstelle/").content.decode()
    assert "leser@example.org" in page and url not in page  # no button, a hint instead
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "einen neuen Link anzufordern" in response.content.decode()
    assert OutboxMail.objects.get(pk=row.pk).status == "failed"
    assert not mail.outbox


def test_admin_never_shows_the_text_of_a_mail_with_a_secret(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    secret = failed(body="GEHEIM-123", contains_secret=True)
    plain = failed(body="Offener Text")
    page = client.get(f"/admin/core/outboxmail/{secret.pk}/change/").content.decode()
    assert page.count("leser@example.org") and "GEHEIM-123" not in page
    assert (
        "Offener Text" in client.get(f"/admin/core/outboxmail/{plain.pk}/change/").content.decode()
    )
    assert "GEHEIM-123" not in client.get("/admin/core/outboxmail/").content.decode()
    assert client.get("/admin/core/outboxmail/add/").status_code == 403


def test_export_leaves_out_pending_secrets_and_erasure_removes_the_mails(
    client, db, django_capture_on_commit_callbacks
):
    user = UserFactory()
    failed(to=user.email, recipient_user=user, body="GEHEIM-123", contains_secret=True)
    failed(to=user.email, recipient_user=user, body="Offener Text")
    client.force_login(user)
    export = client.get("/konto/meine-daten/export.json").content.decode()
    assert "Offener Text" in export and "GEHEIM-123" not in export
    client.post("/konto/meine-daten/", {"password": PASSWORD, "confirm": "on"})
    assert not OutboxMail.objects.exists()


def test_the_staff_group_core_asks_is_the_stabsstelle():
    from accounts.roles import STABSSTELLE_GROUP
    from core.rules import STAFF_GROUP

    assert STAFF_GROUP == STABSSTELLE_GROUP


def test_beat_runs_the_outbox_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["core-send-due-mail"]
    assert entry["task"] == "core.send_due_mail"
    assert entry["schedule"].minute == set(range(60))


def test_decision_mails_and_the_reminder_with_the_mail_server_down(
    client, db, settings, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from decisions.tasks import send_decision_reminders
    from tests.factories import ProposalFactory

    contact_of(PartnerFactory())
    contact_of(PartnerFactory())
    proposal = ProposalFactory(deadline=timezone.now() + datetime.timedelta(days=1))
    client.force_login(StaffUserFactory())
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("decisions:open", kwargs={"pk": proposal.pk}))
        # Opened three days ago, due tomorrow: past the quiet first day and half its time.
        type(proposal).objects.filter(pk=proposal.pk).update(
            opened_at=timezone.now() - datetime.timedelta(days=3)
        )
        send_decision_reminders()  # beat: the deadline is less than two days away
    assert response.status_code == 302
    rows = OutboxMail.objects.all()
    assert sorted(rows.values_list("kind", flat=True)) == [
        "decision.opened",
        "decision.opened",
        "decision.reminder",
        "decision.reminder",
    ]
    assert {(row.status, row.attempts) for row in rows} == {("pending", 1)}
    proposal.refresh_from_db()
    assert proposal.reminder_sent_at is not None  # recorded: no second reminder

    settings.EMAIL_BACKEND = LOCMEM
    a_minute_later()
    send_due_mail()
    send_decision_reminders()
    send_due_mail()
    assert len(mail.outbox) == 4
