"""allauth's pages and mails speak for the portal: the mails name the portal and its public
address (never the host of the request), and every account page says whom to write to and
links the privacy notice, since allauth's texts say "contact us"."""

import pytest
from django.core import mail

from tests.factories import PASSWORD


@pytest.fixture
def signup_mail(client, db, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://klimaschutz.magdeburg.de"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/konto/signup/",
            {
                "name": "Erika Mustermann",
                "email": "erika@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_mails_name_the_portal_not_the_request_host(signup_mail):
    assert "Klimaschutzportal der Magdeburger Klimaallianz" in signup_mail.body
    assert "klimaschutz.magdeburg.de" in signup_mail.body
    lines = [line for line in signup_mail.body.splitlines() if line.strip()]
    greeting_and_closing = " ".join([lines[0], *lines[-2:]])
    # The request came to "testserver"; the mail still names the public address.
    assert "testserver" not in greeting_and_closing


@pytest.mark.parametrize("url", ["/konto/login/", "/konto/signup/", "/konto/password/reset/"])
def test_account_pages_say_whom_to_write_to(client, db, settings, url):
    settings.STAFF_NOTIFICATION_EMAIL = "klimaschutz@example.org"
    html = client.get(url).content.decode()
    assert "Fragen zu Ihrem Konto?" in html
    assert 'href="mailto:klimaschutz@example.org"' in html
    assert 'href="/datenschutz/"' in html.split('class="account-help"', 1)[1]


def test_password_reset_no_longer_says_just_contact_us(client, db):
    html = client.get("/konto/password/reset/").content.decode()
    assert "kontaktieren Sie uns" not in html
    assert "Stabsstelle Klimaschutz" in html
