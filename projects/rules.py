"""Who may see and change projects (the `rules` package).

Object-level rules receive the project. Recording and changing projects and results is for
contacts of an *active* lead partner (DESIGN.md, roles): registered or signed partners have
nothing internal yet, withdrawn partners read their history and start nothing new.
"""

import rules

from accounts.roles import is_stabsstelle
from partners.roles import (
    contact_partner_id,
    is_active_partner,
    is_active_partner_contact,
    is_contact_of,
    is_partner_contact,
)


@rules.predicate
def is_lead_contact(user, project) -> bool:
    """The user acts for the project's lead partner."""
    return project is not None and contact_partner_id(user) == project.lead_partner_id


@rules.predicate
def is_participant_contact(user, project) -> bool:
    """The user acts for a partner whose participation in the project is confirmed; an
    invitation not (yet) confirmed opens nothing."""
    from .models import Participation

    own = contact_partner_id(user)
    if project is None or own is None:
        return False
    return Participation.objects.confirmed().filter(project_id=project.pk, partner_id=own).exists()


@rules.predicate
def lead_partner_is_active(user, project) -> bool:
    from partners.models import Partner

    return project is not None and project.lead_partner.status == Partner.Status.ACTIVE


@rules.predicate
def is_published(user, project) -> bool:
    return project is not None and project.is_published


@rules.predicate
def is_submitted(user, project) -> bool:
    from .models import Project

    return project is not None and project.publication == Project.Publication.SUBMITTED


@rules.predicate
def can_be_submitted(user, project) -> bool:
    return project is not None and project.can_be_submitted


# Contact of the lead partner, while the lead partner is an active member.
is_active_lead_contact = is_lead_contact & lead_partner_is_active
may_record = is_active_lead_contact | is_stabsstelle

rules.add_perm(
    "projects.view_project",
    is_published | is_stabsstelle | is_lead_contact | is_participant_contact,
)
rules.add_perm(
    "projects.view_project_documents", is_stabsstelle | is_lead_contact | is_participant_contact
)
rules.add_perm("projects.view_partner_projects", is_partner_contact)
rules.add_perm("projects.add_project", is_active_partner_contact)
# The object is the partner that is to lead the new project (asked by `project_create`): its
# own contacts while it is active, or staff recording on its behalf.
rules.add_perm("projects.lead_project", (is_contact_of & is_active_partner) | is_stabsstelle)
rules.add_perm("projects.change_project", may_record)
rules.add_perm("projects.record_result", may_record)
rules.add_perm("projects.submit_project", is_active_lead_contact & can_be_submitted)
rules.add_perm("projects.import_results", is_active_partner_contact | is_stabsstelle)
# Staff review.
rules.add_perm("projects.view_staff_projects", is_stabsstelle)
rules.add_perm("projects.review_project", is_stabsstelle)
rules.add_perm("projects.publish_project", is_stabsstelle & is_submitted)
rules.add_perm("projects.return_project", is_stabsstelle & is_submitted)
rules.add_perm("projects.unpublish_project", is_stabsstelle & is_published)


def projects_with_results_by(user):
    """The projects whose results the user may record (`projects.record_result`), as a
    QuerySet for the CSV import: all for staff, else those the user's active partner leads."""
    from partners.models import Partner

    from .models import Project

    if is_stabsstelle(user):
        return Project.objects.all()
    own = contact_partner_id(user)
    if own is None:
        return Project.objects.none()
    return Project.objects.filter(lead_partner_id=own, lead_partner__status=Partner.Status.ACTIVE)


# --- participation (DESIGN.md, commitment): the invited partner answers ---------------------
# The object is the Participation. Only a contact of the invited partner, while that partner is
# active and the invitation open, confirms or declines it; nobody answers for it (neither the
# lead partner nor staff).


@rules.predicate
def is_invited_contact(user, participation) -> bool:
    return participation is not None and contact_partner_id(user) == participation.partner_id


@rules.predicate
def invited_partner_is_active(user, participation) -> bool:
    from partners.models import Partner

    return participation is not None and participation.partner.status == Partner.Status.ACTIVE


@rules.predicate
def participation_is_open(user, participation) -> bool:
    return participation is not None and participation.is_invited


may_answer_participation = is_invited_contact & invited_partner_is_active & participation_is_open
rules.add_perm("projects.confirm_participation", may_answer_participation)
rules.add_perm("projects.decline_participation", may_answer_participation)


# --- reporting compliance (#15.5) ----------------------------------------------------------
# The partner's reporting section (object: the partner) is for its own contacts while it is
# active; "nothing to report" (object: the project) only for contacts of the active lead
# partner of a published project -- nobody states it for them, staff neither.
rules.add_perm("projects.view_reporting", is_contact_of & is_active_partner)
rules.add_perm("projects.state_nothing_to_report", is_active_lead_contact & is_published)
rules.add_perm("projects.view_reporting_compliance", is_stabsstelle)
rules.add_perm("projects.set_reporting_deadline", is_stabsstelle)
