"""Account boundaries (issue #14): password resets only to confirmed addresses, an unconfirmed
address of someone else never blocks a sign-up, sign-up answers alike for known and new
addresses, staff never export or erase staff or superusers."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied

from accounts import services
from accounts.models import User
from accounts.selectors import data_rights_history
from tests.factories import PASSWORD, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def reset(client, email, capture):
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post("/konto/password/reset/", {"email": email})
    return response


def signup(client, email, capture, name="Neue Person"):
    with capture(execute=True):
        return client.post(
            "/konto/signup/",
            {"name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
        )


# Password reset ----------------------------------------------------------------------------


def test_reset_goes_to_a_confirmed_address(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    reset(client, user.email.upper(), django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [user.email] and "/konto/password/reset/key/" in message.body


@pytest.mark.parametrize("case", ["unconfirmed secondary", "unconfirmed primary"])
def test_no_reset_link_to_an_unconfirmed_address_and_the_same_answer_as_unknown(
    client, django_capture_on_commit_callbacks, case
):
    address = "fremd@example.org"
    if case == "unconfirmed secondary":
        owner = UserFactory()
        EmailAddress.objects.create(user=owner, email=address, verified=False)
    else:
        UserFactory(email=address, verified_email=False)
    response = reset(client, address, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "/konto/password/reset/key/" not in message.body
    unknown_response = reset(client, "niemand@example.org", django_capture_on_commit_callbacks)
    (unknown,) = mail.outbox
    # Exactly as for an unknown address: same page, same mail (apart from the address).
    assert (response.status_code, response.url) == (
        unknown_response.status_code,
        unknown_response.url,
    )
    assert message.subject == unknown.subject
    assert message.body.replace(address, "@") == unknown.body.replace("niemand@example.org", "@")


def test_reset_with_an_unconfirmed_copy_goes_only_to_the_confirmed_owner(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="echt@example.org")
    squatter = UserFactory()
    EmailAddress.objects.create(user=squatter, email="echt@example.org", verified=False)
    reset(client, "echt@example.org", django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [owner.email]


# Sign-up --------------------------------------------------------------------------------


def test_an_unconfirmed_secondary_address_of_someone_else_does_not_block_sign_up(
    client, django_capture_on_commit_callbacks
):
    other = UserFactory()
    EmailAddress.objects.create(user=other, email="meine@example.org", verified=False)
    response = signup(client, "Meine@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    new = User.objects.get(email__iexact="meine@example.org")
    address = EmailAddress.objects.get(user=new)
    (message,) = [m for m in mail.outbox if "meine@example.org" in m.to]
    assert "/konto/confirm-email/" in message.body  # a confirmation, not "already exists"
    # Once the owner confirms it, the other account's unconfirmed copy is gone.
    address.refresh_from_db()
    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = client.session
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    assert get_adapter(request).confirm_email(request, address)
    assert not EmailAddress.objects.filter(user=other, email__iexact="meine@example.org").exists()
    assert EmailAddress.objects.get(user=new).verified


def test_an_uncompleted_sign_up_with_someone_else_s_address_does_not_block_its_owner(
    client, django_capture_on_commit_callbacks
):
    squatter = UserFactory(email="opfer@example.org", verified_email=False)
    # The owner is not offered a reset (the address is unconfirmed) ...
    reset(client, "opfer@example.org", django_capture_on_commit_callbacks)
    assert "/konto/password/reset/key/" not in mail.outbox[0].body
    # ... but can sign up: the uncompleted sign-up is replaced.
    mail.outbox.clear()
    response = signup(client, "opfer@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    owner = User.objects.get(email="opfer@example.org")
    assert owner.pk != squatter.pk
    (message,) = mail.outbox
    assert "/konto/confirm-email/" in message.body
    squatter.refresh_from_db()
    assert not squatter.is_active and squatter.email.endswith("@konto.invalid")
    assert not EmailAddress.objects.filter(user=squatter).exists()


@pytest.mark.parametrize("holder", ["confirmed", "logged in before", "staff", "superuser"])
def test_a_real_account_is_never_replaced_by_a_sign_up(
    client, django_capture_on_commit_callbacks, holder
):
    if holder == "confirmed":
        existing = UserFactory(email="da@example.org")
    elif holder == "logged in before":
        from django.utils import timezone

        existing = UserFactory(
            email="da@example.org", verified_email=False, last_login=timezone.now()
        )
    elif holder == "staff":
        existing = StaffUserFactory(email="da@example.org", verified_email=False)
    else:
        existing = UserFactory(email="da@example.org", verified_email=False, is_superuser=True)
    signup(client, "da@example.org", django_capture_on_commit_callbacks)
    assert list(User.objects.filter(email__iexact="da@example.org")) == [existing]
    assert User.objects.get(pk=existing.pk).is_active


def test_the_claim_service_keeps_confirmed_addresses_and_its_own(db):
    owner = UserFactory(email="a@example.org")
    copy_holder = UserFactory()
    copy = EmailAddress.objects.create(user=copy_holder, email="A@example.org", verified=False)
    assert services.email_address_claim(email_address=EmailAddress.objects.get(user=owner)) == 1
    assert not EmailAddress.objects.filter(pk=copy.pk).exists()
    unconfirmed = EmailAddress.objects.create(user=copy_holder, email="b@example.org")
    assert services.email_address_claim(email_address=unconfirmed) == 0


@pytest.mark.parametrize("known", ["login name", "confirmed secondary"])
def test_sign_up_answers_alike_for_a_known_and_a_new_address(
    client, django_capture_on_commit_callbacks, known
):
    if known == "login name":
        UserFactory(email="bekannt@example.org")
    else:
        EmailAddress.objects.create(user=UserFactory(), email="bekannt@example.org", verified=True)
    users_before = User.objects.count()
    known_response = signup(client, "bekannt@example.org", django_capture_on_commit_callbacks)
    assert User.objects.count() == users_before  # no second account
    client.logout()
    new_response = signup(client, "neu@example.org", django_capture_on_commit_callbacks)
    assert (known_response.status_code, known_response.url) == (
        new_response.status_code,
        new_response.url,
    )
    known_page = client.get(known_response.url).content.decode()
    assert "bekannt@example.org" not in known_page


def test_a_known_address_costs_a_password_hash_too(client, monkeypatch, db):
    """The timing side channel: the known-address path hashes the password like a new
    sign-up does (measured numbers in the issue's closing note)."""
    import accounts.forms

    calls = []
    real = accounts.forms.make_password
    monkeypatch.setattr(accounts.forms, "make_password", lambda pw: calls.append(pw) or real(pw))
    UserFactory(email="bekannt@example.org")
    client.post(
        "/konto/signup/",
        {
            "name": "X",
            "email": "bekannt@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert calls == [PASSWORD]


# Data rights -----------------------------------------------------------------------------


def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


ACTORS = {"staff": StaffUserFactory, "superuser": superuser}
SUBJECTS = {"staff": StaffUserFactory, "superuser": superuser}


@pytest.mark.parametrize("actor_role", sorted(ACTORS))
@pytest.mark.parametrize("subject_role", sorted(SUBJECTS))
def test_staff_never_export_or_erase_staff_or_superusers(client, actor_role, subject_role):
    actor = ACTORS[actor_role]()
    subject = SUBJECTS[subject_role]()
    client.force_login(actor)
    assert client.get(f"/stabsstelle/personen/{subject.pk}/export.json").status_code == 403
    assert client.post(f"/stabsstelle/personen/{subject.pk}/loeschen/").status_code == 403
    assert User.objects.get(pk=subject.pk).is_active
    with pytest.raises(PermissionDenied):
        services.personal_data_export(user=subject, actor=actor)
    with pytest.raises(PermissionDenied):
        services.user_erase(user=subject, actor=actor)
    assert User.objects.get(pk=subject.pk).is_active
    assert not data_rights_history().exists()


@pytest.mark.parametrize("role", ["anonymous", "person", "contact"])
def test_others_cannot_export_or_erase_anyone(client, contact_user, role):
    subject = UserFactory()
    if role == "person":
        client.force_login(UserFactory())
    elif role == "contact":
        client.force_login(contact_user)
    export = client.get(f"/stabsstelle/personen/{subject.pk}/export.json")
    erase = client.post(f"/stabsstelle/personen/{subject.pk}/loeschen/")
    expected = 302 if role == "anonymous" else 403
    assert (export.status_code, erase.status_code) == (expected, expected)
    assert User.objects.get(pk=subject.pk).is_active
    if role != "anonymous":
        actor = contact_user if role == "contact" else UserFactory()
        with pytest.raises(PermissionDenied):
            services.user_erase(user=subject, actor=actor)


@pytest.mark.parametrize("actor_role", sorted(ACTORS))
def test_staff_and_superusers_handle_an_ordinary_person(client, actor_role):
    subject = UserFactory()
    client.force_login(ACTORS[actor_role]())
    assert client.get(f"/stabsstelle/personen/{subject.pk}/export.json").status_code == 200
    assert client.post(f"/stabsstelle/personen/{subject.pk}/loeschen/").status_code == 302
    assert not User.objects.get(pk=subject.pk).is_active


def test_staff_may_still_export_and_erase_their_own_account(db):
    staff = StaffUserFactory()
    assert services.personal_data_export(user=staff, actor=staff)["user"]["email"] == staff.email
