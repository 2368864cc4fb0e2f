"""One audit call: every change a service makes reads as who, when, what, old → new."""

from decimal import Decimal

import pytest

from core.audit.models import AuditEntry
from core.audit.selectors import history_of
from core.audit.services import log_action
from projects import services
from projects.selectors import project_history
from tests.factories import PartnerFactory, ProjectFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_content_change_records_actor_and_old_and_new_values():
    partner = PartnerFactory(name="Elbstrom Energie GmbH")
    project = ProjectFactory(title="Solardach", lead_partner=partner, publication="entwurf")
    actor = UserFactory(name="Erika Mustermann")

    services.project_update(project=project, actor=actor, title="Solardach Lagerhalle")

    entry = history_of(project)[0]
    assert entry.action == "changed"
    assert entry.actor == actor
    assert entry.changes["title"]["old"] == "Solardach"
    assert entry.changes["title"]["new"] == "Solardach Lagerhalle"
    assert set(entry.changes) == {"title"}  # unchanged fields are not listed


def test_numbers_and_choices_read_as_people_see_them():
    project = ProjectFactory(expected_reduction=Decimal("75.2"), publication="entwurf")
    actor = UserFactory()
    services.project_update(project=project, actor=actor, expected_reduction=Decimal("5000"))
    change = history_of(project)[0].changes["expected_reduction"]
    assert change["old"] == "75,2"
    assert change["new"] == "5.000"


def test_results_appear_in_the_projects_history():
    project = ProjectFactory(publication="veroeffentlicht")
    actor = None  # a system change (an import by staff's command): recorded directly
    services.result_set(project=project, actor=actor, year=2024, achieved_reduction=Decimal("67.7"))
    services.result_set(
        project=project, actor=actor, year=2024, achieved_reduction=Decimal("99999.9")
    )
    entries = project_history(project)
    assert [e.action for e in entries[:2]] == ["changed", "created"]
    assert entries[0].changes["achieved_reduction"]["old"] == "67,7"
    assert entries[0].changes["achieved_reduction"]["new"] == "99.999,9"


def test_transitions_are_named_and_keep_the_comment():
    project = ProjectFactory(publication="eingereicht")
    staff = StaffUserFactory()
    services.project_return(
        project=project, actor=staff, comment="Bitte Quelle ergänzen", notify=False
    )
    entry = history_of(project)[0]
    assert entry.action == "returned"
    assert entry.note == "Bitte Quelle ergänzen"
    assert str(entry.action_label) == "mit Kommentar zurückgegeben"


def test_a_rolled_back_change_leaves_no_entry():
    from django.db import transaction

    project = ProjectFactory(publication="entwurf")
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        log_action(obj=project, action="changed", actor=None)
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_the_review_page_shows_old_and_new(client):
    project = ProjectFactory(title="Alt", publication="eingereicht", slug="alt")
    staff = StaffUserFactory()
    services.project_update(project=project, actor=staff, title="Neu")
    client.force_login(staff)
    response = client.get(f"/stabsstelle/projekte/{project.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Änderungsverlauf" in html
    assert "<td>Alt</td>" in html and "<td>Neu</td>" in html
