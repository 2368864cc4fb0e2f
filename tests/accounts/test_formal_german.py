"""allauth's pages and e-mails address people formally ("Sie"), like the rest of the portal.

allauth's own German catalogue says "du"; locale_allauth/ overrides those messages.
"""

import html
import re

from django.core import mail

from tests.factories import PASSWORD, UserFactory

INFORMAL = re.compile(
    r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|gib|klicke|klick"
    r"|melde\s+dich|versuche|bestätige|lass|kontaktiere)\b",
    re.IGNORECASE,
)


def text(value: str) -> str:
    """Visible text: tags dropped, entities decoded, whitespace collapsed."""
    value = re.sub(r"<[^>]+>", " ", value)
    return re.sub(r"\s+", " ", html.unescape(value)).strip()


def main_text(response) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    match = re.search(r"<main\b[^>]*>(.*?)</main>", content, re.DOTALL)
    assert match, content
    return text(match.group(1))


def assert_formal(value: str) -> None:
    found = INFORMAL.findall(value)
    assert not found, f"informal address {found} in: {value}"


def test_the_informal_pattern_only_matches_whole_words():
    assert INFORMAL.search("Bitte gib dein Passwort ein.")
    assert INFORMAL.search("Bitte melde dich an.")
    assert not INFORMAL.search("Durchsetzung, Dirigent, Direktion, Geben Sie Ihr Passwort ein.")


def test_login_page(client, db):
    page = main_text(client.get("/konto/login/"))
    assert_formal(page)
    assert "Sie haben noch kein Konto?" in page
    assert "registrieren Sie sich" in page


def test_signup_page(client, db):
    page = main_text(client.get("/konto/signup/"))
    assert_formal(page)
    assert "Sie haben bereits ein Konto?" in page
    assert "melden Sie sich bitte an" in page


def test_password_reset_page_and_mail(client, db, django_capture_on_commit_callbacks):
    page = main_text(client.get("/konto/password/reset/"))
    assert_formal(page)
    assert "Geben Sie unten Ihre E-Mail-Adresse ein" in page
    assert "schreiben Sie bitte an die Stabsstelle Klimaschutz" in page

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = client.post("/konto/password/reset/", {"email": user.email}, follow=True)
    page = main_text(response)
    assert_formal(page)
    assert "Wir haben Ihnen eine E-Mail gesendet." in page

    assert len(mail.outbox) == 1
    assert_formal(mail.outbox[0].subject)
    assert_formal(mail.outbox[0].body)
    assert "Sie erhalten diese E-Mail, weil Sie" in mail.outbox[0].body
    assert "Klicken Sie auf den folgenden Link" in mail.outbox[0].body
    assert "Vielen Dank, dass Sie" in mail.outbox[0].body


def test_failed_login_and_rate_limit(client, db):
    user = UserFactory()
    for _attempt in range(5):
        response = client.post("/konto/login/", {"login": user.email, "password": "falsch"})
        page = main_text(response)
        assert_formal(page)
        assert "leider falsch" in page
    page = main_text(client.post("/konto/login/", {"login": user.email, "password": PASSWORD}))
    assert_formal(page)
    assert "Bitte versuchen Sie es später erneut." in page


def test_signup_confirmation_page_and_verification_mail(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = client.post(
            "/konto/signup/",
            {
                "name": "Erika Mustermann",
                "email": "erika@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            follow=True,
        )
    page = main_text(response)
    assert_formal(page)
    assert "Bestätigen Sie Ihre E-Mail-Adresse" in page
    assert "Wir haben Ihnen eine E-Mail zur Bestätigung gesendet." in page

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert_formal(message.subject)
    assert_formal(message.body)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in message.subject
    assert "Sie erhalten diese E-Mail" in message.body
    assert "Vielen Dank, dass Sie" in message.body

    # The confirmation page the link leads to.
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/[^\s]+/)", message.body)
    assert link, message.body
    page = main_text(client.get(link.group(1)))
    assert_formal(page)
    assert "Bitte bestätigen Sie, dass" in page


def test_mismatching_passwords_are_reported_formally(client, db):
    response = client.post(
        "/konto/signup/",
        {
            "name": "Erika Mustermann",
            "email": "erika@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )
    page = main_text(response)
    assert_formal(page)
    assert "Sie müssen zweimal dasselbe Passwort eingeben." in page
