"""An agenda item that carries a proposal cannot be removed: a message, not a 500."""

from meetings.models import AgendaItem
from tests.factories import MeetingFactory, ProposalFactory, StaffUserFactory


def test_removing_an_agenda_item_with_a_proposal_says_why(client, db):
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Beschlüsse")
    proposal = ProposalFactory(agenda_item=item, procedure="sitzung", deadline=None)
    client.force_login(StaffUserFactory())
    url = f"/stabsstelle/termine/{meeting.pk}/tagesordnung/{item.pk}/"
    response = client.post(url, {"action": "delete"}, follow=True)
    assert response.status_code == 200
    assert "kann nicht entfernt werden" in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    proposal.refresh_from_db()
    assert proposal.agenda_item_id == item.pk


def test_an_agenda_item_without_a_proposal_is_removed(client, db):
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Verschiedenes")
    client.force_login(StaffUserFactory())
    url = f"/stabsstelle/termine/{meeting.pk}/tagesordnung/{item.pk}/"
    response = client.post(url, {"action": "delete"}, follow=True)
    assert "entfernt" in response.content.decode()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
