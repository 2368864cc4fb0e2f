"""A title with a line break reaches the mail subjects of submit and return without a 500."""

from django.core import mail

from projects import services
from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory, StaffUserFactory
from tests.projects.conftest import make_contact


def test_submit_and_return_with_a_line_break_in_the_title(db, django_capture_on_commit_callbacks):
    staff = StaffUserFactory()
    partner = PartnerFactory()
    contact = make_contact(partner)
    project = ProjectFactory(
        lead_partner=partner, publication="entwurf", title="Solardach\r\nBcc: x@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.project_submit(project=project, actor=contact)
        services.project_return(project=project, actor=staff, comment="Bitte Nachweis ergänzen")
    project.refresh_from_db()
    assert project.publication == Project.Publication.RETURNED
    assert mail.outbox
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.bcc == []
