"""The discussion of a proposal (#16.4): contacts of active partners and staff write while it is
open, only they see it; staff hide a comment with a reason (audited); refusals per role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from core.audit.models import AuditEntry
from decisions import services as ds
from decisions.models import Comment
from tests.decisions.conftest import make_contact as _make_contact
from tests.factories import PartnerFactory, StaffUserFactory


def make_contact(partner):
    """A fresh user object (the role caches of the one that was just linked are stale)."""
    return User.objects.get(pk=_make_contact(partner).pk)


@pytest.fixture
def world(db, plenary):
    staff = StaffUserFactory()
    active = PartnerFactory(name="Alpha e.V.")
    proposal = ds.proposal_create(
        actor=staff,
        title="Umlauf Radverkehr",
        text="Text",
        body=plenary,
        deadline=timezone.now() + datetime.timedelta(days=5),
    )
    ds.proposal_open(proposal=proposal, actor=staff)
    return {
        "staff": staff,
        "active": make_contact(active),
        "active_partner": active,
        "other": {
            status: make_contact(PartnerFactory(name=f"Partner {status}", status=status))
            for status in ("registriert", "unterzeichnet", "ausgetreten")
        },
        "proposal": proposal,
    }


def test_contacts_of_active_partners_and_staff_discuss(client, world):
    proposal = world["proposal"]
    client.force_login(world["active"])
    url = f"/beschluesse/{proposal.pk}/diskussion/"
    response = client.post(
        url, {"comment-text": "Wir brauchen **mehr** Radwege <script>x</script>"}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.partner == world["active_partner"] and comment.author == world["active"]
    html = client.get(f"/beschluesse/{proposal.pk}/").content.decode()
    assert "<strong>mehr</strong>" in html and "<script>x</script>" not in html
    assert 'id="diskussion"' in html
    # An empty comment is refused on the form, the page stays.
    response = client.post(url, {"comment-text": "   "})
    assert response.status_code == 200 and Comment.objects.count() == 1
    client.force_login(world["staff"])
    assert client.post(url, {"comment-text": "Antwort der Stabsstelle"}).status_code == 302
    staff_comment = Comment.objects.get(text="Antwort der Stabsstelle")
    assert staff_comment.partner is None
    assert AuditEntry.objects.filter(action="created", object_id=str(comment.pk)).exists()


@pytest.mark.parametrize("status", ["registriert", "unterzeichnet", "ausgetreten"])
def test_contacts_of_partners_that_are_not_active_are_refused(client, world, status):
    proposal = world["proposal"]
    ds.comment_add(proposal=proposal, actor=world["active"], text="Interner Beitrag")
    user = world["other"][status]
    client.force_login(user)
    url = f"/beschluesse/{proposal.pk}/diskussion/"
    assert client.post(url, {"comment-text": "Hallo"}).status_code == 403
    assert Comment.objects.count() == 1
    with pytest.raises(PermissionDenied):
        ds.comment_add(proposal=proposal, actor=user, text="Hallo")


def test_anonymous_is_sent_to_the_login_and_never_sees_the_thread(client, world):
    proposal = world["proposal"]
    ds.comment_add(proposal=proposal, actor=world["active"], text="Interner Beitrag")
    response = client.post(f"/beschluesse/{proposal.pk}/diskussion/", {"comment-text": "x"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert client.get(f"/beschluesse/{proposal.pk}/diskussion/").status_code == 405
    # Once decided, the proposal is public; its discussion is not.
    decided = ds.proposal_close(proposal=proposal, now=proposal.deadline)
    html = client.get(f"/beschluesse/{decided.pk}/").content.decode()
    assert "Interner Beitrag" not in html and 'id="diskussion"' not in html
    client.force_login(world["other"]["ausgetreten"])
    assert "Interner Beitrag" not in client.get(f"/beschluesse/{decided.pk}/").content.decode()
    client.force_login(world["active"])
    html = client.get(f"/beschluesse/{decided.pk}/").content.decode()
    assert "Interner Beitrag" in html and "Diskussion ist geschlossen" in html


def test_staff_hide_a_comment_with_a_reason(client, world):
    proposal = world["proposal"]
    comment = ds.comment_add(proposal=proposal, actor=world["active"], text="Beleidigung")
    url = f"/stabsstelle/beschluesse/{proposal.pk}/kommentare/{comment.pk}/ausblenden/"
    client.force_login(world["active"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(world["staff"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert client.post(url, {"reason": "Verstößt gegen die Netiquette"}).status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == world["staff"]
    entry = AuditEntry.objects.get(action="hidden", object_id=str(comment.pk))
    assert "hidden_reason" in entry.changes
    client.force_login(world["active"])
    html = client.get(f"/beschluesse/{proposal.pk}/").content.decode()
    assert "Beleidigung" not in html and "Verstößt gegen die Netiquette" in html
    with pytest.raises(ValidationError):
        ds.comment_hide(comment=comment, actor=world["staff"], reason="noch einmal")
    with pytest.raises(PermissionDenied):
        ds.comment_hide(comment=comment, actor=world["active"], reason="ich")
