"""Staff compose, preview, test and send issues; every other role is refused."""

import pytest
from django.core import mail

from core.audit.models import AuditEntry
from newsletter.models import Issue
from partners.services import contact_add
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_URLS = ("/stabsstelle/newsletter/", "/stabsstelle/newsletter/neu/")


@pytest.fixture
def contact(db):
    user = UserFactory()
    contact_add(partner=PartnerFactory(), user=user)
    return user


def test_anonymous_is_sent_to_the_login(client):
    for url in STAFF_URLS:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


@pytest.mark.parametrize("role", ["contact", "plain", "superuser_without_group"])
def test_other_roles_are_refused(client, contact, role):
    user = {
        "contact": contact,
        "plain": UserFactory(),
        "superuser_without_group": UserFactory(is_superuser=False, is_staff=True),
    }[role]
    client.force_login(user)
    for url in STAFF_URLS:
        assert client.get(url).status_code == 403
    assert client.post("/stabsstelle/newsletter/neu/", {"subject": "x"}).status_code == 403


def test_refused_on_an_issue(client, contact, staff, post):
    from newsletter import services
    from newsletter.selectors import candidates, since_last_issue

    issue = services.issue_save(
        actor=staff,
        subject="Entwurf",
        intro="",
        selected=[f"aktuelles:{post.pk}"],
        candidates=candidates(since=since_last_issue()),
    )
    client.force_login(contact)
    for suffix in ("", "bearbeiten/"):
        assert client.get(f"/stabsstelle/newsletter/{issue.number}/{suffix}").status_code == 403
    for suffix in ("test/", "senden/"):
        assert client.post(f"/stabsstelle/newsletter/{issue.number}/{suffix}").status_code == 403
    issue.refresh_from_db()
    assert issue.state == Issue.State.DRAFT and not mail.outbox


def test_compose_preselects_recent_items_previews_and_tests(client, staff, post, committed):
    client.force_login(staff)
    page = client.get("/stabsstelle/newsletter/neu/").content.decode()
    assert post.title in page
    assert f'value="aktuelles:{post.pk}"' in page and "checked" in page
    response = client.post(
        "/stabsstelle/newsletter/neu/", {"subject": "Leer", "intro": "", "items": []}
    )
    assert response.status_code == 200
    assert "mindestens einen Beitrag" in response.content.decode()
    response = client.post(
        "/stabsstelle/newsletter/neu/",
        {"subject": "Dezember", "intro": "Hallo", "items": [f"aktuelles:{post.pk}"]},
    )
    issue = Issue.objects.get()
    assert response["Location"] == f"/stabsstelle/newsletter/{issue.number}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Vorschau (HTML)" in detail and "Vorschau (Nur-Text)" in detail
    assert post.title in detail
    with committed():
        client.post(f"/stabsstelle/newsletter/{issue.number}/test/")
    [test_mail] = mail.outbox
    assert test_mail.to == [staff.email] and "[Test]" in test_mail.subject
    issue.refresh_from_db()
    assert issue.state == Issue.State.DRAFT
    actions = set(
        AuditEntry.objects.filter(object_id=str(issue.pk)).values_list("action", flat=True)
    )
    assert {"created", "test_sent"} <= actions
    with committed():
        client.post(f"/stabsstelle/newsletter/{issue.number}/senden/")
    issue.refresh_from_db()
    assert issue.state == Issue.State.SENT
    # Sent once; a second press changes nothing.
    client.post(f"/stabsstelle/newsletter/{issue.number}/senden/")
    assert client.get(f"/stabsstelle/newsletter/{issue.number}/bearbeiten/").status_code == 302
    assert "sent" in set(
        AuditEntry.objects.filter(object_id=str(issue.pk)).values_list("action", flat=True)
    )
