import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD, UserFactory


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/konto/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_verify_login(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = client.post(
            "/konto/signup/",
            {
                "name": "Erika Mustermann",
                "email": "erika@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="erika@example.org")
    assert user.name == "Erika Mustermann"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["erika@example.org"]
    assert mail.outbox[0].subject.startswith("[Klimaschutzportal]")

    # Mandatory verification: signing up did not log the person in.
    assert "_auth_user_id" not in client.session

    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200  # confirmation page, confirmed by POST
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        "/konto/login/", {"login": "Erika@Example.org", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk


def test_unverified_login_is_refused(client, db, django_capture_on_commit_callbacks):
    user = UserFactory(verified_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    # A new verification mail went out instead.
    assert len(mail.outbox) == 1


def test_wrong_password_rate_limit(client, db):
    user = UserFactory()
    for _attempt in range(5):
        response = client.post("/konto/login/", {"login": user.email, "password": "falsch"})
        assert response.status_code == 200
        assert "leider falsch" in response.content.decode()
    # Sixth attempt within five minutes: refused even with the right password.
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Zu viele" in response.content.decode()


def test_login_page_is_in_the_portal_layout(client, db):
    html = client.get("/konto/login/").content.decode()
    assert "Anmelden" in html
    assert "Zum Inhalt springen" in html
    assert 'class="site-footer"' in html


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_email_is_unique_case_insensitively(db):
    from django.db import IntegrityError, transaction

    UserFactory(email="anna@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="ANNA@example.org")


def test_password_reset_mail(client, db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/password/reset/key/" in mail.outbox[0].body


def test_stabsstelle_group_exists(db):
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name="Stabsstelle Klimaschutz").exists()
