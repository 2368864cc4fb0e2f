"""Writes on projects, their evidence and their yearly results.

Each function is one transaction, validates with `full_clean()`, records who changed what
(django-simple-history, via `_history_user`) and sends mail only after the commit.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.audit.services import diff, field_values, log_action
from core.mail import send_portal_mail
from partners.models import Partner

from .models import Project, ProjectDocument, ProjectResult

PROJECT_FIELDS = {
    "title",
    "summary",
    "description",
    "field_of_action",
    "status",
    "start_date",
    "end_date",
    "address",
    "latitude",
    "longitude",
    "expected_reduction",
    "baseline",
    "calculation_method",
    "emission_factor_source",
    "image",
    "image_alt",
    "credited",
}


def unique_project_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:200] or "projekt"
    slug, n = base, 2
    others = Project.objects.exclude(pk=exclude_pk) if exclude_pk else Project.objects.all()
    while others.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _contact_emails(partner: Partner) -> list[str]:
    return list(partner.contacts.values_list("user__email", flat=True))


def _save(instance, actor, action: str = "", note: str = "") -> None:
    """Validate, save and record the change (who, when, old → new) in the audit trail."""
    instance._history_user = actor
    instance.full_clean()
    before = None
    if instance.pk is not None:
        stored = type(instance)._default_manager.filter(pk=instance.pk).first()
        before = field_values(stored) if stored is not None else None
    instance.save()
    log_action(
        obj=instance,
        action=action or ("changed" if before is not None else "created"),
        actor=actor,
        changes=diff(instance, before) if before is not None else {},
        note=note,
    )


def _set_participants(project: Project, participants: Iterable[Partner] | None, actor=None):
    if participants is None:
        return
    old = sorted(str(p) for p in project.partners.all())
    project.partners.set([p for p in participants if p.pk != project.lead_partner_id])
    new = sorted(str(p) for p in project.partners.all())
    if old != new:
        label = str(Project._meta.get_field("partners").verbose_name)
        log_action(
            obj=project,
            action="changed",
            actor=actor,
            changes={"partners": {"label": label, "old": ", ".join(old), "new": ", ".join(new)}},
        )


@transaction.atomic
def project_create(
    *,
    actor,
    lead_partner: Partner,
    participants: Iterable[Partner] | None = None,
    **fields,
) -> Project:
    """A new project as a draft of the lead partner."""
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    # The same rule as the views' gate: only an active lead partner starts something new.
    if actor is None or not actor.has_perm("projects.lead_project", lead_partner):
        raise PermissionDenied
    project = Project(lead_partner=lead_partner, **fields)
    project.slug = unique_project_slug(project.title or "")
    _save(project, actor)
    _set_participants(project, participants, actor)
    return project


@transaction.atomic
def project_update(
    *, project: Project, actor, participants: Iterable[Partner] | None = None, **fields
) -> Project:
    """Changes the project's content. The publication state stays as it is (a published project
    stays published; the change appears in its history)."""
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(project, name, value)
    _save(project, actor)
    _set_participants(project, participants, actor)
    return project


@transaction.atomic
def project_document_add(*, project: Project, actor, title: str, file) -> ProjectDocument:
    document = ProjectDocument(project=project, title=title, file=file, uploaded_by=actor)
    _save(document, actor)
    return document


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _transition(project: Project, allowed: set[str], message: str) -> Project:
    locked = _locked(project)
    if locked.publication not in allowed:
        raise ValidationError(message)
    return locked


@transaction.atomic
def project_submit(*, project: Project, actor, notify: bool = True) -> Project:
    """The lead partner hands the project to the Stabsstelle for review."""
    if actor is None or not actor.has_perm("projects.change_project", project):
        raise PermissionDenied
    project = _transition(
        project,
        {Project.Publication.DRAFT, Project.Publication.RETURNED},
        _("Only drafts and returned projects can be submitted."),
    )
    project.publication = Project.Publication.SUBMITTED
    project.submitted_at = timezone.now()
    _save(project, actor, action="submitted")
    if notify:
        send_portal_mail(
            to=[settings.STAFF_NOTIFICATION_EMAIL],
            subject=_("Project submitted for review: %(title)s") % {"title": project.title},
            template="projects/email/submitted.txt",
            context={"project": project},
            kind="project.submitted",
        )
    return project


@transaction.atomic
def project_publish(*, project: Project, actor, notify: bool = True) -> Project:
    project = _transition(
        project,
        {Project.Publication.SUBMITTED},
        _("Only submitted projects can be published."),
    )
    project.publication = Project.Publication.PUBLISHED
    project.published_at = timezone.now()
    project.staff_comment = ""
    _save(project, actor, action="published")
    if notify:
        send_portal_mail(
            to=_contact_emails(project.lead_partner),
            subject=_("Your project has been published: %(title)s") % {"title": project.title},
            template="projects/email/published.txt",
            context={"project": project},
            kind="project.published",
        )
    return project


@transaction.atomic
def project_return(*, project: Project, actor, comment: str, notify: bool = True) -> Project:
    """Staff send a submitted project back to the partner with a comment."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Please tell the partner what to change.")}, code="required"
        )
    project = _transition(
        project,
        {Project.Publication.SUBMITTED},
        _("Only submitted projects can be returned."),
    )
    project.publication = Project.Publication.RETURNED
    project.staff_comment = comment
    _save(project, actor, action="returned", note=comment)
    if notify:
        send_portal_mail(
            to=_contact_emails(project.lead_partner),
            subject=_("Your project needs changes: %(title)s") % {"title": project.title},
            template="projects/email/returned.txt",
            context={"project": project, "comment": comment},
            kind="project.returned",
        )
    return project


@transaction.atomic
def project_unpublish(*, project: Project, actor, comment: str = "", notify: bool = True):
    """Staff take a published project off the public pages; it goes back to the partner."""
    project = _transition(
        project,
        {Project.Publication.PUBLISHED},
        _("Only published projects can be unpublished."),
    )
    project.publication = Project.Publication.RETURNED
    project.staff_comment = (comment or "").strip()
    project.published_at = None
    _save(project, actor, action="unpublished", note=project.staff_comment)
    if notify:
        send_portal_mail(
            to=_contact_emails(project.lead_partner),
            subject=_("Your project has been unpublished: %(title)s") % {"title": project.title},
            template="projects/email/unpublished.txt",
            context={"project": project, "comment": project.staff_comment},
            kind="project.unpublished",
        )
    return project


@transaction.atomic
def result_set(
    *,
    project: Project,
    actor,
    year: int,
    achieved_reduction: Decimal,
    note: str | None = None,
    evidence=None,
) -> ProjectResult:
    """Creates or replaces the achieved reduction of one calendar year."""
    result = ProjectResult.objects.filter(project=project, year=year).first()
    if result is None:
        result = ProjectResult(project=project, year=year)
    result.achieved_reduction = achieved_reduction
    if note is not None:
        result.note = note
    if evidence:
        result.evidence = evidence
    _save(result, actor)
    return result


@transaction.atomic
def result_update(*, result: ProjectResult, actor, **fields) -> ProjectResult:
    allowed = {"year", "achieved_reduction", "note", "evidence"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown result fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(result, name, value)
    _save(result, actor)
    return result


@transaction.atomic
def results_import(*, actor, rows) -> int:
    """Saves validated import rows (project, year, value) all together or not at all."""
    count = 0
    for row in rows:
        result_set(
            project=row.project,
            actor=actor,
            year=row.year,
            achieved_reduction=row.value,
        )
        count += 1
    return count
