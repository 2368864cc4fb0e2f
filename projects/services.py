"""Writes on projects, their evidence and their yearly results.

Each function is one transaction, validates with `full_clean()`, records who changed what
(django-simple-history, via `_history_user`) and sends mail only after the commit.

Published figures are reviewed (DESIGN.md): a partner contact's change to a published project
(content, figures, participants) or to one of its results does not touch the project or result
rows; it becomes the project's one open `ProjectRevision`, which staff approve (the values are
applied here, in one transaction) or return with a comment. Staff edit published projects
directly (they are the reviewers); their changes are audited like every other change. The
image and its description are not figures and stay direct for everyone (audited).
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_stabsstelle
from core.audit.services import diff, display_value, field_values, log_action
from core.mail import send_portal_mail
from core.slugs import change_slug, unique_slug
from partners.models import Partner
from partners.roles import contact_partner_id

from . import activity, plausibility
from .models import (
    Participation,
    Project,
    ProjectDocument,
    ProjectResult,
    ProjectRevision,
    ResultLine,
    ResultRevision,
    ResultRevisionLine,
)
from .validators import project_result_year_error

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
# What a revision holds; everything of PROJECT_FIELDS but the image (see the module docstring).
REVISION_FIELDS = PROJECT_FIELDS - {"image", "image_alt"}
DIRECT_FIELDS = PROJECT_FIELDS - REVISION_FIELDS


def unique_project_slug(title: str, *, exclude_pk=None) -> str:
    return unique_slug(Project, title, fallback="projekt", exclude_pk=exclude_pk)


def suggested_slug(project: Project) -> str | None:
    """The address the project's (approved) title would get now, if it differs from its own."""
    new = unique_project_slug(project.title, exclude_pk=project.pk)
    return None if new == project.slug else new


@transaction.atomic
def project_slug_update(*, project: Project, actor) -> Project:
    """Staff let the address follow a corrected title; the old address keeps redirecting."""
    old = project.slug
    new = suggested_slug(project)
    if new is None:
        raise ValidationError(_("The address already matches the title."))
    change_slug(project, new)
    project.save(update_fields=["slug"])
    log_action(
        obj=project,
        action="slug_changed",
        actor=actor,
        changes={"slug": {"label": str(_("address")), "old": old, "new": new}},
    )
    return project


def _contact_emails(partner: Partner) -> list[str]:
    return list(partner.contacts.values_list("user__email", flat=True))


def _save(instance, actor, action: str = "", note: str = "", *, after=None, extra=None) -> None:
    """Validate, save and record the change (who, when, old → new) in the audit trail.
    `after(instance)` runs after the save and before the audit entry and returns further
    changes for the same entry (e.g. a result's activity lines)."""
    instance._history_user = actor
    instance.full_clean()
    before = None
    if instance.pk is not None:
        stored = type(instance)._default_manager.filter(pk=instance.pk).first()
        before = field_values(stored) if stored is not None else None
    instance.save()
    changes = diff(instance, before) if before is not None else {}
    if after is not None:
        changes.update(after(instance) or {})
    log_action(
        obj=instance,
        action=action or ("changed" if before is not None else "created"),
        actor=actor,
        changes=changes,
        note=note,
    )


def _participant_names(participations) -> str:
    """Names for the history; an invitation not confirmed yet says so."""
    return ", ".join(
        sorted(
            str(p.partner) if p.is_confirmed else f"{p.partner} ({p.get_state_display()})"
            for p in participations
        )
    )


def _current_participations(project: Project) -> dict:
    """{partner id: participation} of the invited and confirmed participants."""
    return {p.partner_id: p for p in project.participations.current().select_related("partner")}


def _refuse_inactive(partners: Iterable[Partner]) -> None:
    """Only active partners are invited (DESIGN.md: contacts of active partners take part)."""
    inactive = sorted(p.name for p in partners if p.status != Partner.Status.ACTIVE)
    if inactive:
        raise ValidationError(
            {
                "participants": _(
                    "Only active partners of the alliance can take part in a project: "
                    "%(names)s cannot be invited."
                )
                % {"names": ", ".join(inactive)}
            },
            code="inactive",
        )


def _set_participants(
    project: Project, participants: Iterable[Partner] | None, actor=None, *, inviter=None
):
    """Makes the chosen partners the project's participants: partners new to it are invited
    (their contacts see a request and get a mail; nothing counts until they confirm), invited
    and confirmed participants keep their state, those no longer chosen are removed. A partner
    that declined is invited again only when chosen again."""
    if participants is None:
        return
    chosen = {p.pk: p for p in participants if p.pk != project.lead_partner_id}
    current = _current_participations(project)
    new = [partner for pk, partner in chosen.items() if pk not in current]
    _refuse_inactive(new)
    removed = [p for pk, p in current.items() if pk not in chosen]
    if not new and not removed:
        return
    old_names = _participant_names(current.values())
    Participation.objects.filter(pk__in=[p.pk for p in removed]).delete()
    now = timezone.now()
    inviter = inviter or actor
    invited_by = inviter if getattr(inviter, "is_authenticated", False) else None
    for partner in new:
        Participation.objects.update_or_create(
            project=project,
            partner=partner,
            defaults={
                "state": Participation.State.INVITED,
                "invited_by": invited_by,
                "invited_at": now,
                "confirmed_by": None,
                "confirmed_at": None,
                "declined_by": None,
                "declined_at": None,
            },
        )
    label = str(Project._meta.get_field("partners").verbose_name)
    log_action(
        obj=project,
        action="changed",
        actor=actor,
        changes={
            "partners": {
                "label": label,
                "old": old_names,
                "new": _participant_names(
                    project.participations.current().select_related("partner")
                ),
            }
        },
        note=(
            _("Invited to take part: %(names)s.")
            % {"names": ", ".join(sorted(p.name for p in new))}
            if new
            else ""
        ),
    )
    for partner in new:
        emails = _contact_emails(partner)
        if emails:
            send_portal_mail(
                to=emails,
                subject=_("Invitation to take part in the project “%(title)s”")
                % {"title": project.title},
                template="projects/email/participation_invited.txt",
                context={"project": project, "partner": partner},
                kind="project.participation_invited",
            )


def _answerable(participation: Participation, actor, perm: str) -> Participation:
    locked = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("project__lead_partner", "partner")
        .filter(pk=participation.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This request to take part no longer exists."))
    # The same rule as the views' gate: a contact of the invited, active partner, while the
    # invitation is open.
    if actor is None or not actor.has_perm(perm, locked):
        if locked.state != Participation.State.INVITED:
            raise ValidationError(_("This request to take part has already been answered."))
        raise PermissionDenied
    return locked


def _answer(participation: Participation, actor, *, state: str, action: str) -> Participation:
    old = participation.get_state_display()
    now = timezone.now()
    participation.state = state
    if state == Participation.State.CONFIRMED:
        participation.confirmed_by, participation.confirmed_at = actor, now
    else:
        participation.declined_by, participation.declined_at = actor, now
    participation.save()
    project = participation.project
    log_action(
        obj=project,
        action=action,
        actor=actor,
        changes={
            f"participation_{participation.partner_id}": {
                "label": _("Participation of %(partner)s") % {"partner": participation.partner},
                "old": old,
                "new": participation.get_state_display(),
            }
        },
    )
    send_portal_mail(
        to=_contact_emails(project.lead_partner),
        subject=(
            _("%(partner)s takes part in your project “%(title)s”")
            if state == Participation.State.CONFIRMED
            else _("%(partner)s does not take part in your project “%(title)s”")
        )
        % {"partner": participation.partner.name, "title": project.title},
        template="projects/email/participation_answered.txt",
        context={"project": project, "participation": participation},
        kind=f"project.{action}",
    )
    return participation


@transaction.atomic
def participation_confirm(*, participation: Participation, actor) -> Participation:
    """A contact of the invited partner confirms that its organisation takes part: from now
    on the project counts for its commitment and its contacts see the internal part."""
    locked = _answerable(participation, actor, "projects.confirm_participation")
    return _answer(
        locked, actor, state=Participation.State.CONFIRMED, action="participation_confirmed"
    )


@transaction.atomic
def participation_decline(*, participation: Participation, actor) -> Participation:
    """A contact of the invited partner declines; the lead partner may invite it again."""
    locked = _answerable(participation, actor, "projects.decline_participation")
    return _answer(
        locked, actor, state=Participation.State.DECLINED, action="participation_declined"
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
    *,
    project: Project,
    actor,
    participants: Iterable[Partner] | None = None,
    justification: str = "",
    **fields,
) -> Project:
    """Changes the project's content. The publication state stays as it is. A partner
    contact's change to a published project becomes a pending revision instead (the returned
    project keeps its approved values)."""
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    stored = _locked(project)
    if changes_need_review(stored, actor):
        _revision_propose_fields(
            project=stored,
            actor=actor,
            fields=fields,
            participants=participants,
            justification=justification,
        )
        project.refresh_from_db()
        return project
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
    return Project.objects.select_for_update(of=("self",)).get(pk=project.pk)


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
    """Staff take a published project off the public pages; it goes back to the partner. The
    reason is required: it is stored on the project, audited and mailed to the partner."""
    if not (comment or "").strip():
        raise ValidationError(
            {"comment": _("Please state why the project is unpublished.")}, code="required"
        )
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


def _result_reference(project: Project, year: int, revision: ProjectRevision | None):
    """Expected reduction and the previous year's result a new value is compared with: the
    pending ones where the open revision proposes them, else the approved ones."""
    expected = project.expected_reduction
    previous = None
    if revision is not None:
        if "expected_reduction" in revision.changes:
            expected = Decimal(revision.changes["expected_reduction"])
        entry = revision.results.filter(year=year - 1).first()
        if entry is not None:
            previous = entry.achieved_reduction
    if previous is None:
        previous = (
            ProjectResult.objects.filter(project=project, year=year - 1)
            .values_list("achieved_reduction", flat=True)
            .first()
        )
    return expected, previous


def _check_result(
    *,
    project: Project,
    actor,
    year: int,
    value: Decimal,
    justification: str,
    has_evidence: bool,
    revision: ProjectRevision | None = None,
    computed: bool = False,
) -> list[plausibility.Flag]:
    """The plausibility flags of a result (for a computed one: of the computed value, whose
    computation is its method); a partner must justify the flagged ones."""
    if value is None or year is None:
        return []
    expected, previous = _result_reference(project, year, revision)
    flags = plausibility.result_flags(
        value=value,
        expected=expected,
        previous=previous,
        has_evidence=has_evidence,
        has_method=computed or bool(project.calculation_method.strip()),
    )
    if (
        is_partner_actor(actor)
        and plausibility.needs_justification(flags)
        and not (justification or "").strip()
    ):
        raise ValidationError(
            {"justification": plausibility.justification_error(flags)}, code="required"
        )
    return flags


# --- results, entered in t CO2e or as activity data ------------------------------------------


def _result_value(
    *,
    year: int,
    achieved_reduction: Decimal | None,
    lines,
    data_quality: str,
    keep=(),
) -> tuple[Decimal, activity.Computation | None]:
    """The t CO2e of a result and, for activity data, its computation (factor versions valid
    in `year`; the stored lines `keep` are kept when the activity data did not change). One
    way or the other: activity lines or a value in t CO2e."""
    lines = list(lines or [])
    if lines and achieved_reduction is not None:
        raise ValidationError(
            {
                "achieved_reduction": _(
                    "Please enter either activity data or a value in t CO2e, not both."
                )
            },
            code="both",
        )
    if lines:
        computation = activity.compute(lines, year, keep=keep)
        if not data_quality:
            raise ValidationError(
                {"data_quality": _("Please state the data quality (A to D) of the activity data.")},
                code="required",
            )
        return computation.total_t, computation
    if achieved_reduction is None:
        raise ValidationError(
            {
                "achieved_reduction": _(
                    "Please enter the achieved reduction in t CO2e or the activity data it is "
                    "computed from."
                )
            },
            code="required",
        )
    return achieved_reduction, None


def _lines_change(year: int, old_lines, new_lines) -> dict:
    """The audit entry's row for changed activity lines (empty if they did not change)."""
    old = activity.describe(list(old_lines))
    new = activity.describe(list(new_lines))
    if old == new:
        return {}
    return {
        f"lines_{year}": {
            "label": _("Activity data %(year)s") % {"year": year},
            "old": old,
            "new": new,
        }
    }


def _store_lines(model, owner_field: str, owner, computation: activity.Computation | None):
    """Replaces the stored lines of `owner` by the computed ones (none for a value in t CO2e)."""
    model.objects.filter(**{owner_field: owner}).delete()
    if computation is None:
        return []
    return model.objects.bulk_create(
        [
            model(
                **{owner_field: owner},
                position=position,
                carrier=line.carrier,
                quantity=line.quantity,
                unit=line.unit,
                factor=line.factor,
                kg_co2e=line.kg_co2e,
            )
            for position, line in enumerate(computation.lines)
        ]
    )


def _stored_lines(owner) -> list:
    if owner is None or owner.pk is None:
        return []
    return list(owner.lines.select_related("factor").order_by("position", "pk"))


def _save_result(
    result: ProjectResult, actor, computation: activity.Computation | None, note: str = ""
) -> ProjectResult:
    """Saves the result with its activity lines, in one audit entry."""
    old_lines = _stored_lines(result)

    def lines_after_save(instance):
        new_lines = _store_lines(ResultLine, "result", instance, computation)
        return _lines_change(instance.year, old_lines, new_lines)

    _save(result, actor, note=note, after=lines_after_save)
    return result


@transaction.atomic
def result_set(
    *,
    project: Project,
    actor,
    year: int,
    achieved_reduction: Decimal | None = None,
    lines=None,
    data_quality: str | None = None,
    note: str | None = None,
    evidence=None,
    justification: str | None = None,
) -> ProjectResult | ResultRevision:
    """Creates or replaces the achieved reduction of one calendar year: a value in t CO2e or
    activity `lines` (activity.LineInput), computed here with the factors valid in `year`.
    For a partner contact on a published project, the value goes into the pending revision
    instead (returned)."""
    stored = Project.objects.get(pk=project.pk)
    # The same rule as the views' gate: the active lead partner's contacts, or staff (no
    # actor: a system change, e.g. a command).
    if actor is not None and not actor.has_perm("projects.record_result", stored):
        raise PermissionDenied
    # The year first (complete years within the project's years): a value for a year the
    # project cannot have needs no plausibility check, nor a justification.
    year_error = project_result_year_error(stored, year)
    if year_error:
        raise ValidationError({"year": year_error})
    if changes_need_review(stored, actor):
        return _revision_propose_result(
            project=stored,
            actor=actor,
            year=year,
            achieved_reduction=achieved_reduction,
            lines=lines,
            data_quality=data_quality,
            note=note,
            evidence=evidence,
            justification=justification,
        )
    result = ProjectResult.objects.filter(project=stored, year=year).first()
    if result is None:
        result = ProjectResult(project=stored, year=year)
    if data_quality is not None:
        result.data_quality = data_quality
    value, computation = _result_value(
        year=year,
        achieved_reduction=achieved_reduction,
        lines=lines,
        data_quality=result.data_quality,
        keep=activity.stored(_stored_lines(result)),
    )
    _check_result(
        project=stored,
        actor=actor,
        year=year,
        value=value,
        justification=justification if justification is not None else result.justification,
        has_evidence=bool(evidence or result.evidence),
        computed=computation is not None,
    )
    result.achieved_reduction = value
    if note is not None:
        result.note = note
    if evidence:
        result.evidence = evidence
    if justification is not None:
        result.justification = justification
    return _save_result(result, actor, computation)


@transaction.atomic
def result_update(*, result: ProjectResult, actor, **fields) -> ProjectResult | ResultRevision:
    """Changes a stored result. For a partner contact on a published project the change goes
    into the pending revision; its year cannot change there (enter the other year instead)."""
    allowed = {
        "year",
        "achieved_reduction",
        "lines",
        "data_quality",
        "note",
        "evidence",
        "justification",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown result fields: {sorted(unknown)}")
    stored = ProjectResult.objects.select_related("project").get(pk=result.pk)
    if actor is not None and not actor.has_perm("projects.record_result", stored.project):
        raise PermissionDenied
    old_lines = _stored_lines(stored)
    lines = fields.pop("lines", None) or None
    achieved = fields.pop("achieved_reduction", None)
    if lines is None and achieved is None:
        # Neither given: the value stays as it is, computed or entered.
        if old_lines:
            lines = [line.input() for line in activity.stored(old_lines)]
        else:
            achieved = stored.achieved_reduction
    if changes_need_review(stored.project, actor):
        if fields.get("year", stored.year) != stored.year:
            raise ValidationError(
                {
                    "year": _(
                        "The year of an approved result cannot be changed. Please enter the "
                        "result for the other year instead."
                    )
                }
            )
        return _revision_propose_result(
            project=stored.project,
            actor=actor,
            year=stored.year,
            achieved_reduction=achieved,
            lines=lines,
            data_quality=fields.get("data_quality"),
            note=fields.get("note"),
            evidence=fields.get("evidence") or None,
            justification=fields.get("justification"),
        )
    old_year = stored.year
    for name, value in fields.items():
        setattr(stored, name, value)
    if stored.year != old_year:
        year_error = project_result_year_error(stored.project, stored.year)
        if year_error:
            raise ValidationError({"year": year_error})
    value, computation = _result_value(
        year=stored.year,
        achieved_reduction=achieved,
        lines=lines,
        data_quality=stored.data_quality,
        # Another year has other factors: the same activity data is computed anew.
        keep=activity.stored(old_lines) if stored.year == old_year else (),
    )
    stored.achieved_reduction = value
    _check_result(
        project=stored.project,
        actor=actor,
        year=stored.year,
        value=stored.achieved_reduction,
        justification=stored.justification,
        has_evidence=bool(stored.evidence),
        computed=computation is not None,
    )
    _save_result(stored, actor, computation)
    result.refresh_from_db()
    return stored


@transaction.atomic
def results_import(*, actor, rows) -> int:
    """Saves validated import rows (project, year, value, justification) all together or not
    at all; rows of published projects become pending revisions like the form's."""
    count = 0
    for row in rows:
        lines = list(getattr(row, "lines", ()) or ())
        result_set(
            project=row.project,
            actor=actor,
            year=row.year,
            achieved_reduction=None if lines else row.value,
            lines=lines or None,
            data_quality=getattr(row, "data_quality", "") or None,
            justification=row.justification or None,
        )
        count += 1
    return count


# --- pending revisions of published projects ---------------------------------------------------


def is_partner_actor(actor) -> bool:
    """A partner contact acting for the partner (not as staff): the people whose changes to
    published figures are reviewed and whose implausible values need a justification."""
    return contact_partner_id(actor) is not None and not is_stabsstelle(actor)


def changes_need_review(project: Project, actor) -> bool:
    """Whether `actor`'s change to `project` becomes a pending revision. First publication is
    the project review itself, so only published projects have revisions."""
    return project.is_published and is_partner_actor(actor)


def _to_json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _from_json(field: models.Field, raw):
    if raw is None:
        return None
    if field.is_relation:
        return raw
    return field.to_python(raw)


def _proposal_value(field: models.Field, value):
    """A form's or caller's value, as the stored attribute (`attname`) would hold it."""
    if field.is_relation:
        return getattr(value, "pk", value)
    return field.to_python(value)


def _open_revision(project: Project) -> ProjectRevision | None:
    return (
        ProjectRevision.objects.select_for_update(of=("self",))
        .open()
        .filter(project_id=project.pk)
        .first()
    )


def _start_revision(project: Project, actor, revision: ProjectRevision | None):
    """The project's open revision (created if needed), set to pending; and whether staff have
    to be told (it was not pending before)."""
    notify = revision is None or not revision.is_pending
    if revision is None:
        revision = ProjectRevision(project=project, created_by=actor)
    revision.state = ProjectRevision.State.PENDING
    revision.updated_by = actor
    revision.updated_at = timezone.now()
    revision.save()
    return revision, notify


def _tell_staff(revision: ProjectRevision) -> None:
    send_portal_mail(
        to=[settings.STAFF_NOTIFICATION_EMAIL],
        subject=_("Change to a published project for review: %(title)s")
        % {"title": revision.project.title},
        template="projects/email/revision_submitted.txt",
        context={"project": revision.project, "revision": revision},
        kind="project.revision_submitted",
    )


def _close_if_empty(revision: ProjectRevision, actor) -> bool:
    if revision.changes or revision.results.exists():
        return False
    revision.delete()
    return True


def _field_change(field: models.Field, project: Project, old, new) -> dict:
    return {
        "label": str(field.verbose_name),
        "old": display_value(project, field, old),
        "new": display_value(project, field, new),
    }


def _participants_display(ids) -> str:
    return ", ".join(sorted(str(p) for p in Partner.objects.filter(pk__in=ids)))


def _revision_propose_fields(
    *, project: Project, actor, fields: dict, participants, justification: str
) -> ProjectRevision | None:
    """A partner's edit of a published (locked) project: the differences from the approved
    values replace the revision's proposed content; the image applies directly."""
    if not actor.has_perm("projects.change_project", project):
        raise PermissionDenied
    revision = _open_revision(project)
    changes: dict = {}
    candidate = Project.objects.get(pk=project.pk)
    for name in sorted(REVISION_FIELDS & fields.keys()):
        field = Project._meta.get_field(name)
        new = _proposal_value(field, fields[name])
        if new != getattr(project, field.attname):
            changes[name] = _to_json(new)
            setattr(candidate, field.attname, new)
    if participants is not None:
        participants = list(participants)
        old_ids = sorted(_current_participations(project))
        new_ids = sorted({p.pk for p in participants if p.pk != project.lead_partner_id})
        # Invitations go out when staff approve; who cannot be invited is said now.
        _refuse_inactive([p for p in participants if p.pk in set(new_ids) - set(old_ids)])
        if new_ids != old_ids:
            changes["participants"] = new_ids
    # The proposed state must be a valid project, as if it were saved.
    candidate.full_clean()
    proposed_expected = changes.get("expected_reduction")
    flags = plausibility.expected_change_flags(
        old=project.expected_reduction,
        new=Decimal(proposed_expected) if proposed_expected is not None else None,
    )
    justification = (justification or "").strip()
    if plausibility.needs_justification(flags) and not justification:
        raise ValidationError(
            {"justification": plausibility.justification_error(flags)}, code="required"
        )

    direct = {
        name: fields[name]
        for name in DIRECT_FIELDS & fields.keys()
        if fields[name] != getattr(project, name)
    }
    if direct:
        for name, value in direct.items():
            setattr(project, name, value)
        _save(project, actor)

    if revision is None and not changes:
        return None
    before = revision.changes if revision is not None else {}
    revision, notify = _start_revision(project, actor, revision)
    revision.changes = changes
    revision.justification = justification
    revision.flags = [flag.as_dict() for flag in flags]
    revision.save(update_fields=["changes", "justification", "flags"])
    logged = {}
    for name, raw in changes.items():
        if before.get(name) == raw:
            continue
        if name == "participants":
            label = str(Project._meta.get_field("partners").verbose_name)
            logged[name] = {
                "label": label,
                "old": _participant_names(_current_participations(project).values()),
                "new": _participants_display(raw),
            }
            continue
        field = Project._meta.get_field(name)
        logged[name] = _field_change(
            field, project, getattr(project, field.attname), _from_json(field, raw)
        )
    if _close_if_empty(revision, actor):
        log_action(obj=project, action="change_withdrawn", actor=actor)
        return None
    log_action(
        obj=project, action="change_proposed", actor=actor, changes=logged, note=justification
    )
    if notify:
        _tell_staff(revision)
    return revision


def _revision_propose_result(
    *,
    project: Project,
    actor,
    year: int,
    achieved_reduction: Decimal | None,
    note: str | None,
    evidence,
    justification: str | None,
    lines=None,
    data_quality: str | None = None,
) -> ResultRevision:
    """A partner's new or changed result of a published project, as the revision's entry for
    that year (a further edit of the same year replaces it). Activity data is computed with
    the factors valid in the year; unchanged activity data keeps the factor versions of the
    pending or approved lines, which approval copies as they are."""
    if not actor.has_perm("projects.record_result", project):
        raise PermissionDenied
    revision = _open_revision(project)
    approved = ProjectResult.objects.filter(project=project, year=year).first()
    entry = revision.results.filter(year=year).first() if revision is not None else None
    if note is None:
        note = entry.note if entry else (approved.note if approved else "")
    if justification is None:
        justification = entry.justification if entry else ""
    if data_quality is None:
        data_quality = entry.data_quality if entry else (approved.data_quality if approved else "")
    pending_lines = _stored_lines(entry)
    approved_lines = _stored_lines(approved)
    achieved_reduction, computation = _result_value(
        year=year,
        achieved_reduction=achieved_reduction,
        lines=lines,
        data_quality=data_quality,
        # The pending or the approved lines, whichever the activity data is.
        keep=next(
            (
                candidate
                for candidate in (activity.stored(pending_lines), activity.stored(approved_lines))
                if candidate and activity.same_data(lines or [], candidate)
            ),
            (),
        ),
    )
    # Validate like a stored result (year within the project's time, value in range).
    check = ProjectResult(
        project=project,
        year=year,
        achieved_reduction=achieved_reduction,
        note=note,
        justification=justification,
        data_quality=data_quality,
    )
    if evidence:
        check.evidence = evidence
    check.full_clean(validate_unique=False, validate_constraints=False)
    has_evidence = bool(evidence or (entry and entry.evidence) or (approved and approved.evidence))
    flags = _check_result(
        project=project,
        actor=actor,
        year=year,
        value=achieved_reduction,
        justification=justification,
        has_evidence=has_evidence,
        revision=revision,
        computed=computation is not None,
    )
    revision, notify = _start_revision(project, actor, revision)
    if entry is None:
        entry = ResultRevision(revision=revision, year=year)
    old = entry.achieved_reduction if entry.pk else None
    entry.achieved_reduction = achieved_reduction
    entry.note = note
    entry.justification = justification.strip()
    entry.data_quality = data_quality
    entry.flags = [flag.as_dict() for flag in flags]
    if evidence:
        entry.evidence = evidence
    entry.full_clean(exclude=["revision"])
    entry.save()
    new_lines = _store_lines(ResultRevisionLine, "entry", entry, computation)
    field = ProjectResult._meta.get_field("achieved_reduction")
    label = _("Result %(year)s") % {"year": year}
    shown_old = old if old is not None else (approved.achieved_reduction if approved else None)
    changes = {
        f"result_{year}": {
            "label": label,
            "old": display_value(check, field, shown_old),
            "new": display_value(check, field, achieved_reduction),
        }
    }
    changes.update(
        _lines_change(year, pending_lines if old is not None else approved_lines, new_lines)
    )
    log_action(
        obj=project,
        action="change_proposed",
        actor=actor,
        changes=changes,
        note=entry.justification,
    )
    if notify:
        _tell_staff(revision)
    return entry


def _lead_recipients(revision: ProjectRevision) -> list:
    recipients = list(_contact_emails(revision.project.lead_partner))
    if revision.created_by is not None and revision.created_by.email not in recipients:
        recipients.append(revision.created_by.email)
    return recipients


def _require_reviewer(actor) -> None:
    # The same rule as the views' gate: only the Stabsstelle decides on revisions.
    if actor is None or not actor.has_perm("projects.review_project"):
        raise PermissionDenied


def _pending(revision: ProjectRevision, message: str) -> ProjectRevision:
    locked = (
        ProjectRevision.objects.select_for_update(of=("self",))
        .select_related("project__lead_partner", "created_by")
        .filter(pk=revision.pk)
        .first()
    )
    if locked is None or not locked.is_pending:
        raise ValidationError(message)
    return locked


@transaction.atomic
def revision_approve(*, revision: ProjectRevision, actor, notify: bool = True) -> ProjectRevision:
    """Staff approve a pending revision: its values become the project's and its results' in
    this one transaction (every total is computed from those rows, nothing to recompute)."""
    _require_reviewer(actor)
    revision = _pending(revision, _("Only pending changes can be approved."))
    project = _locked(revision.project)
    note = _("Change approved by the Stabsstelle.")
    changes = dict(revision.changes)
    participant_ids = changes.pop("participants", None)
    if changes:
        for name, raw in changes.items():
            field = Project._meta.get_field(name)
            setattr(project, field.attname, _from_json(field, raw))
        _save(project, actor, note=note)
    if participant_ids is not None:
        # New participants are invited, as on a draft: approving the lead's proposal does not
        # answer for them.
        _set_participants(
            project,
            Partner.objects.filter(pk__in=participant_ids),
            actor,
            inviter=revision.updated_by or revision.created_by,
        )
    for entry in revision.results.all():
        result = ProjectResult.objects.filter(project=project, year=entry.year).first()
        if result is None:
            result = ProjectResult(project=project, year=entry.year)
        result.achieved_reduction = entry.achieved_reduction
        result.note = entry.note
        result.justification = entry.justification
        result.data_quality = entry.data_quality
        if entry.evidence:
            result.evidence = entry.evidence.name
        # The lines as the staff reviewed them, with their factor versions: approving does
        # not compute anything anew, and from now on the result is frozen.
        pending_lines = _stored_lines(entry)
        computation = (
            activity.Computation(
                lines=activity.stored(pending_lines),
                exact_t=sum((line.kg_co2e for line in pending_lines), Decimal(0)) / 1000,
            )
            if pending_lines
            else None
        )
        _save_result(result, actor, computation, note=note)
    revision.state = ProjectRevision.State.APPROVED
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.save(update_fields=["state", "decided_by", "decided_at"])
    log_action(obj=project, action="change_approved", actor=actor)
    if notify:
        send_portal_mail(
            to=_lead_recipients(revision),
            subject=_("Your change has been approved: %(title)s") % {"title": project.title},
            template="projects/email/revision_approved.txt",
            context={"project": project},
            kind="project.revision_approved",
        )
    return revision


@transaction.atomic
def revision_return(
    *, revision: ProjectRevision, actor, comment: str, notify: bool = True
) -> ProjectRevision:
    """Staff return a pending revision with a comment; the approved values stay. The partner
    sees the comment and can change the revision, which makes it pending again."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Please tell the partner what to change.")}, code="required"
        )
    _require_reviewer(actor)
    revision = _pending(revision, _("Only pending changes can be returned."))
    revision.state = ProjectRevision.State.RETURNED
    revision.staff_comment = comment
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.save(update_fields=["state", "staff_comment", "decided_by", "decided_at"])
    log_action(obj=revision.project, action="change_returned", actor=actor, note=comment)
    if notify:
        send_portal_mail(
            to=_lead_recipients(revision),
            subject=_("Your change needs rework: %(title)s") % {"title": revision.project.title},
            template="projects/email/revision_returned.txt",
            context={"project": revision.project, "comment": comment},
            kind="project.revision_returned",
        )
    return revision


# --- deleting what is not approved --------------------------------------------------------------


def _delete_file_after_commit(file) -> None:
    if file:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


def _refuse_if_published(project: Project) -> None:
    if project.is_published:
        raise ValidationError(
            _(
                "The project is published: its approved results and evidence stay. Please "
                "enter a corrected value instead; the Stabsstelle reviews it."
            )
        )


@transaction.atomic
def result_delete(*, result: ProjectResult, actor) -> None:
    """Deletes a result of a project that is not published (nothing approved yet)."""
    stored = ProjectResult.objects.select_related("project").get(pk=result.pk)
    project = _locked(stored.project)
    _refuse_if_published(project)
    field = ProjectResult._meta.get_field("achieved_reduction")
    log_action(
        obj=project,
        action="result_deleted",
        actor=actor,
        changes={
            f"result_{stored.year}": {
                "label": _("Result %(year)s") % {"year": stored.year},
                "old": display_value(stored, field, stored.achieved_reduction),
                "new": "",
            }
        },
    )
    _delete_file_after_commit(stored.evidence)
    stored._history_user = actor
    stored.delete()


@transaction.atomic
def result_revision_delete(*, entry: ResultRevision, actor) -> None:
    """Withdraws a pending result (and its evidence file) from the open revision."""
    entry = (
        ResultRevision.objects.select_related("revision__project")
        .filter(pk=entry.pk, revision__state__in=ProjectRevision.OPEN_STATES)
        .first()
    )
    if entry is None:
        raise ValidationError(_("Only results that are not approved can be deleted."))
    revision = ProjectRevision.objects.select_for_update(of=("self",)).get(pk=entry.revision_id)
    field = ResultRevision._meta.get_field("achieved_reduction")
    log_action(
        obj=revision.project,
        action="change_withdrawn",
        actor=actor,
        changes={
            f"result_{entry.year}": {
                "label": _("Result %(year)s") % {"year": entry.year},
                "old": display_value(entry, field, entry.achieved_reduction),
                "new": "",
            }
        },
    )
    _delete_file_after_commit(entry.evidence)
    entry.delete()
    _close_if_empty(revision, actor)


@transaction.atomic
def project_document_delete(*, document: ProjectDocument, actor) -> None:
    """Deletes an evidence document of a project that is not published."""
    stored = ProjectDocument.objects.select_related("project").get(pk=document.pk)
    project = _locked(stored.project)
    _refuse_if_published(project)
    log_action(
        obj=project,
        action="document_deleted",
        actor=actor,
        changes={
            "document": {
                "label": str(ProjectDocument._meta.verbose_name),
                "old": stored.title,
                "new": "",
            }
        },
    )
    _delete_file_after_commit(stored.file)
    stored._history_user = actor
    stored.delete()
