"""Who may see and change projects (the `rules` package)."""

import rules

from accounts.roles import is_stabsstelle
from partners.roles import contact_partner_id, is_partner_contact


@rules.predicate
def is_lead_contact(user, project) -> bool:
    """The user acts for the project's lead partner."""
    return project is not None and contact_partner_id(user) == project.lead_partner_id


@rules.predicate
def is_participant_contact(user, project) -> bool:
    """The user acts for one of the project's participating partners."""
    own = contact_partner_id(user)
    if project is None or own is None:
        return False
    return project.partners.filter(pk=own).exists()


@rules.predicate
def is_published(user, project) -> bool:
    return project is not None and project.is_published


@rules.predicate
def can_be_submitted(user, project) -> bool:
    return project is not None and project.can_be_submitted


rules.add_perm(
    "projects.view_project",
    is_published | is_stabsstelle | is_lead_contact | is_participant_contact,
)
rules.add_perm("projects.add_project", is_partner_contact)
rules.add_perm("projects.change_project", is_lead_contact | is_stabsstelle)
rules.add_perm("projects.submit_project", is_lead_contact & can_be_submitted)
rules.add_perm("projects.review_project", is_stabsstelle)
rules.add_perm("projects.view_partner_projects", is_partner_contact)
rules.add_perm("projects.view_staff_projects", is_stabsstelle)
rules.add_perm("projects.import_results", is_partner_contact | is_stabsstelle)
rules.add_perm(
    "projects.view_project_documents", is_stabsstelle | is_lead_contact | is_participant_contact
)
