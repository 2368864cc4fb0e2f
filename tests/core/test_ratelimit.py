"""Rate limits key on the client's address: REMOTE_ADDR without a configured proxy (a sent
X-Forwarded-For is ignored), the address the trusted proxy appended with TRUSTED_PROXY_COUNT.
The portal's own limits and allauth's use the same function."""

import pytest
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from django.core import mail
from django.test import RequestFactory

from core.ratelimit import client_ip

PROXY = "10.0.0.2"  # the reverse proxy as gunicorn sees it
FEEDBACK = "/barrierefreiheit/"
LOGIN = "/konto/login/"


def request_with(remote: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (None, PROXY),
        ("203.0.113.9", PROXY),  # anyone can send the header: ignored without a proxy
        ("203.0.113.9, 198.51.100.1", PROXY),
    ],
)
def test_without_a_trusted_proxy_the_address_is_remote_addr(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(forwarded=forwarded)) == expected


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (2, "1.2.3.4, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "[2001:db8::1]:4711", "2001:db8::1"),
        (1, "198.51.100.7:4711", "198.51.100.7"),
        # Missing, too short or broken: the proxy's own address, never a guess.
        (1, None, PROXY),
        (1, "", PROXY),
        (2, "198.51.100.7", PROXY),
        (1, "1.2.3.4, kein-ip", PROXY),
    ],
)
def test_behind_trusted_proxies_the_address_comes_from_the_right(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_with(forwarded=forwarded)) == expected


def test_allauth_asks_the_same_function(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_with(forwarded="1.2.3.4, 198.51.100.7")
    assert get_adapter(request).get_client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert get_adapter(request).get_client_ip(request) == PROXY


# The feedback form ----------------------------------------------------------------------------


def feedback(client, forwarded: str | None, message: str = "Der Kontrast ist zu gering."):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(FEEDBACK, {"message": message}, **extra)


def limited(response) -> bool:
    return response.status_code == 200 and "Zu viele Nachrichten" in response.content.decode()


def test_behind_the_proxy_each_visitor_has_their_own_feedback_limit(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        assert feedback(client, "198.51.100.7").status_code == 302
    assert limited(feedback(client, "198.51.100.7"))
    # Another visitor behind the same proxy is not locked out ...
    assert feedback(client, "198.51.100.8").status_code == 302
    # ... and the limited one cannot escape by writing a fake address in front.
    assert limited(feedback(client, "203.0.113.1, 198.51.100.7"))


def test_without_a_proxy_a_forged_header_buys_no_new_limit(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        assert feedback(client, f"203.0.113.{n}").status_code == 302
    assert limited(feedback(client, "203.0.113.99"))


def test_invalid_feedback_does_not_count_toward_the_limit(client, db):
    for _ in range(8):
        response = client.post(FEEDBACK, {"message": "   "})
        assert response.status_code == 200
        assert "Bitte schreiben Sie Ihre Nachricht." in response.content.decode()
    for _ in range(5):
        assert client.post(FEEDBACK, {"message": "Hinweis"}).status_code == 302
    assert limited(client.post(FEEDBACK, {"message": "Hinweis"}))


def test_the_receipt_does_not_quote_the_senders_text(
    client, db, settings, django_capture_on_commit_callbacks
):
    text = "Ihr Konto wird gesperrt. Bestätigen Sie hier: https://phish.example/login"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            FEEDBACK, {"message": text, "name": "Stadt Magdeburg", "email": "opfer@example.org"}
        )
    assert response.status_code == 302
    staff_mail, receipt = mail.outbox
    assert staff_mail.to == [settings.STAFF_NOTIFICATION_EMAIL]
    assert text in staff_mail.body  # the Stabsstelle reads the message
    assert receipt.to == ["opfer@example.org"]
    assert "phish.example" not in receipt.body and "gesperrt" not in receipt.body
    assert "phish.example" not in receipt.subject
    assert "Stadt Magdeburg" not in receipt.body
    assert "Vielen Dank für Ihre Rückmeldung" in receipt.body


# allauth's login limit ------------------------------------------------------------------------


def failed_login(client, forwarded: str | None, n: int):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    # A new address each time, so only the per-IP limit (10 per minute) applies.
    data = {"login": f"niemand{n}@example.org", "password": "falsch-falsch"}
    return client.post(LOGIN, data, **extra)


def too_many(response) -> bool:
    message = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    return message in " ".join(response.context["form"].non_field_errors())


def test_behind_the_proxy_failed_logins_lock_out_only_that_visitor(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        assert not too_many(failed_login(client, "198.51.100.7", n))
    assert too_many(failed_login(client, "198.51.100.7", 10))
    assert not too_many(failed_login(client, "198.51.100.8", 11))


def test_without_a_proxy_failed_logins_count_per_remote_addr(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        assert not too_many(failed_login(client, f"203.0.113.{n}", n))
    assert too_many(failed_login(client, "203.0.113.200", 10))
