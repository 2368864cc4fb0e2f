"""Project pages: public list/detail/exports, the partner area and the staff review.

Every view that is not public goes through the gate (core.permissions) with a named rule of
`rules.py`, asked about the project; services run through core.views, so their
ValidationError shows on the form. Unpublished projects are looked up through
`visible_to(user)`, so they are a 404 for everyone who may not see them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET

from climate.models import EmissionFactor
from core import fragments
from core.content_cache import remember
from core.csv import csv_response
from core.downloads import private_download
from core.licence import licence_metadata, with_licence
from core.numbers import export_tonnes, format_number, format_tonnes
from core.pagination import filter_key, kept_count_page
from core.permissions import PermissionGateMixin, require_perm
from core.views import ServiceFormView, run_action
from partners.naming import public_partner_name, public_partner_names
from partners.roles import contact_partner_id
from partners.selectors import partner_of

from . import activity, imports, plausibility, records, selectors, services
from .charts import bar_chart
from .filters import ProjectFilter
from .forms import (
    ProjectForm,
    ResultForm,
    ResultsImportForm,
    ReturnForm,
    RevisionReturnForm,
    UnpublishForm,
)
from .models import (
    Participation,
    Project,
    ProjectDocument,
    ProjectResult,
    ProjectRevision,
    ResultRevision,
)
from .rules import projects_with_results_by

PAGE_SIZE = 20
IMPORT_SESSION_KEY = "projects_results_import"


def filtered_projects(request):
    filterset = ProjectFilter(request.GET or None, queryset=Project.objects.published())
    return filterset, filterset.qs


# --- public ------------------------------------------------------------------------------


@require_GET
def project_list(request):
    filterset, projects = filtered_projects(request)
    # The totals and the count of a filter are the same for every visitor until the content
    # changes; unfiltered, the totals are the alliance's, which the home page keeps as well.
    key = filter_key(filterset.form.cleaned_data if filterset.is_bound else {}, ["sort"])
    figures = (
        fragments.remember("projects.filtered-totals", key, lambda: selectors.totals(projects))
        if filterset.narrows()
        else remember("projects.totals", selectors.totals)
    )
    page = kept_count_page(
        projects.values_list("pk", flat=True),
        PAGE_SIZE,
        request.GET.get("seite"),
        list_name="projects",
        key=key,
    )
    page.object_list = fragments.card_rows(
        "project-list-card",
        list(page.object_list),
        lambda pks: Project.objects.filter(pk__in=pks).select_related(
            "lead_partner", "field_of_action"
        ),
    )
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "projects/list.html",
        {
            "filter": filterset,
            "page": page,
            "totals": figures,
            "querystring": query.urlencode(),
            "is_filtered": bool(query),
        },
    )


def _detail_context(project: Project) -> dict:
    results = list(project.results.with_lines().order_by("year"))
    return {
        "project": project,
        # Confirmed participations only: an invitation is nobody's participation yet.
        "participants": project.participants,
        "results": results,
        "chart": bar_chart([(r.year, r.achieved_reduction) for r in results]),
        "achieved_total": sum((r.achieved_reduction for r in results), start=0),
    }


def _kept_detail_context(project: Project) -> dict:
    """The public and the partner's project page show the same results, chart and
    participants: kept per project, content generation, day and language."""
    return remember(
        f"projects.detail:{project.pk}", lambda: _detail_context(project), per_language=True
    )


def project_by_slug(request, slug: str, **kwargs) -> Project:
    # The public page's project, like what the page shows of it, is the same for everyone who
    # may see it until the content changes (kept per content generation and day).
    return remember(
        f"projects.by_slug:{slug}",
        lambda: get_object_or_404(
            Project.objects.select_related("lead_partner", "field_of_action"), slug=slug
        ),
    )


@require_GET
@require_perm("projects.view_project", obj=project_by_slug, hidden=True)
def project_detail(request, slug, obj: Project):
    return render(request, "projects/detail.html", _kept_detail_context(obj))


def _export_queryset(request):
    _filterset, projects = filtered_projects(request)
    return records.export_queryset(projects)


def _decimal_de(value) -> str:
    if value is None:
        return ""
    return f"{value:f}".replace(".", ",")


@require_GET
def export_csv(request):
    projects = list(_export_queryset(request))
    years = sorted({r.year for p in projects for r in p.results.all()})
    response, writer = csv_response("klimaallianz-projekte.csv")
    writer.writerow(
        [
            "Kennung",
            "Titel",
            "Kurzbeschreibung",
            "Federführender Partner",
            "Beteiligte Partner",
            "Handlungsfeld",
            "Status",
            "Beginn",
            "Ende",
            "Adresse",
            "Breitengrad",
            "Längengrad",
            "Erwartete Minderung (t CO2e/Jahr)",
            "Angerechnet",
            "Erreichte Minderung gesamt (t CO2e)",
            "Adresse im Portal",
        ]
        + [f"Erreichte Minderung {year} (t CO2e)" for year in years]
    )
    for p in projects:
        results = {r.year: r.achieved_reduction for r in p.results.all()}
        writer.writerow(
            [
                p.slug,
                p.title,
                p.summary,
                public_partner_name(p.lead_partner),
                ", ".join(public_partner_names(p.participants)),
                p.field_of_action.name,
                p.get_status_display(),
                p.start_date.isoformat(),
                p.end_date.isoformat() if p.end_date else "",
                p.address,
                _decimal_de(p.latitude),
                _decimal_de(p.longitude),
                export_tonnes(p.expected_reduction),
                "ja" if p.credited else "nein",
                export_tonnes(sum(results.values(), start=0) if results else None),
                request.build_absolute_uri(p.get_absolute_url()),
            ]
            + [export_tonnes(results.get(year)) for year in years]
        )
    # The licence travels in the Link header: a comment row would break CSV readers.
    return with_licence(response)


@require_GET
def export_json(request):
    projects = _export_queryset(request)
    data = {
        "generated_at": timezone.now(),
        "source": request.build_absolute_uri(reverse("projects:list")),
        "license": licence_metadata(),
        "count": 0,
        "projects": [],
    }
    for p in projects:
        # The same record as the GeoJSON export's properties (projects.records).
        data["projects"].append(records.project_record(request, p))
    data["count"] = len(data["projects"])
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = 'inline; filename="klimaallianz-projekte.json"'
    return with_licence(response)


# --- partner area ----------------------------------------------------------------------------


class ProjectObjectMixin:
    """Loads the project among those the user may see (else 404) for the rules."""

    def get_object(self):
        if not hasattr(self, "_project"):
            if self.request.method in ("GET", "HEAD"):
                project = selectors.visible_project(self.request.user, self.kwargs["slug"])
                if project is None:
                    raise Http404
            else:
                # A change starts from the rows as they are now, not from a kept copy.
                project = get_object_or_404(
                    Project.objects.visible_to(self.request.user).select_related(
                        "lead_partner", "field_of_action"
                    ),
                    slug=self.kwargs["slug"],
                )
            self._project = project
        return self._project

    def get_permission_object(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.get_object(), **kwargs)


def _add_document(project: Project, form, actor) -> None:
    if form.cleaned_data.get("document"):
        services.project_document_add(
            project=project,
            actor=actor,
            title=form.cleaned_data["document_title"],
            file=form.cleaned_data["document"],
        )


class PartnerProjectListView(PermissionGateMixin, View):
    permission_required = "projects.view_partner_projects"

    def get(self, request):
        partner = partner_of(request.user)
        return render(
            request,
            "projects/partner/list.html",
            {"partner": partner, **selectors.partner_project_overview(partner)},
        )


class ProjectCreateView(ServiceFormView):
    """Contacts of an active partner record a project as a draft of their organisation."""

    permission_required = "projects.add_project"
    form_class = ProjectForm
    template_name = "projects/partner/form.html"
    success_message = gettext_lazy("The project has been saved as a draft.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lead_partner": partner_of(self.request.user)}

    def perform(self, form):
        project = services.project_create(
            actor=self.request.user,
            lead_partner=form.lead_partner,
            participants=form.cleaned_data["participants"],
            **form.project_fields(),
        )
        _add_document(project, form, self.request.user)
        return project

    def get_success_url(self):
        return reverse("projects_partner:detail", kwargs={"slug": self.result.slug})


def _revision_context(project: Project) -> dict:
    """The open revision of a project with old → new rows, for partner and staff pages."""
    revision = selectors.open_revision(project)
    if revision is None:
        return {"revision": None}
    return {
        "revision": revision,
        "revision_fields": selectors.revision_field_rows(revision),
        "revision_results": selectors.revision_result_rows(revision),
    }


class ProjectEditView(ProjectObjectMixin, ServiceFormView):
    """A partner's change to a published project becomes its pending revision: the form shows
    the pending values, the project keeps the approved ones until staff approve."""

    permission_required = "projects.change_project"
    form_class = ProjectForm
    template_name = "projects/partner/form.html"

    def reviewed(self) -> bool:
        return services.changes_need_review(self.get_object(), self.request.user)

    def get_success_message(self):
        if self.reviewed():
            return _(
                "Your changes have been saved. They appear publicly once the Stabsstelle "
                "has approved them."
            )
        return _("The changes have been saved.")

    def get_form_kwargs(self):
        project = self.get_object()
        reviewed = self.reviewed()
        return {
            **super().get_form_kwargs(),
            "instance": project,
            "lead_partner": project.lead_partner,
            "revision": selectors.open_revision(project) if reviewed else None,
            "reviewed": reviewed,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(reviewed=self.reviewed(), **kwargs)
        context.update(_revision_context(self.get_object()))
        return context

    def perform(self, form):
        project = self.get_object()
        services.project_update(
            project=project,
            actor=self.request.user,
            participants=form.cleaned_data["participants"],
            justification=form.cleaned_data.get("justification", ""),
            **form.project_fields(),
        )
        _add_document(project, form, self.request.user)
        return project

    def get_success_url(self):
        return reverse("projects_partner:detail", kwargs={"slug": self.get_object().slug})


class PartnerProjectDetailView(ProjectObjectMixin, PermissionGateMixin, View):
    """What may be changed or submitted, the template asks the rules."""

    permission_required = "projects.view_project_documents"

    def get(self, request, slug):
        project = self.get_object()
        context = _kept_detail_context(project)
        context.update(
            {
                "documents": selectors.project_documents(project),
                # The history is read from the audit log, which is not content: live.
                "history": selectors.project_history(project, limit=10),
                # What is not approved yet may be deleted (the services refuse the rest).
                "unapproved": not project.is_published,
            }
        )
        # Invitations and the open revision (projects and accounts, both content).
        context.update(
            remember(
                f"projects.internal_parts:{project.pk}",
                lambda: {
                    "open_participations": selectors.unconfirmed_participations(project),
                    **_revision_context(project),
                },
                per_language=True,
            )
        )
        return render(request, "projects/partner/detail.html", context)


class ParticipationAnswerView(PermissionGateMixin, View):
    """The invited partner confirms or declines taking part (POST to the action's URL), from
    the request on its dashboard. The participation looked up is the user's own partner's, so
    everyone else finds none (404); the rule asks that the partner is active and the
    invitation open."""

    action = None
    PERMISSIONS = {
        "confirm": "projects.confirm_participation",
        "decline": "projects.decline_participation",
    }
    SERVICES = {
        "confirm": services.participation_confirm,
        "decline": services.participation_decline,
    }
    SUCCESS = {
        "confirm": gettext_lazy("Thank you: your organisation now takes part in the project."),
        "decline": gettext_lazy("You have declined to take part in the project."),
    }

    def get_permission_required(self):
        return (self.PERMISSIONS[self.action],)

    def get_permission_object(self):
        if not hasattr(self, "_participation"):
            self._participation = get_object_or_404(
                Participation.objects.select_related("project__lead_partner", "partner"),
                project__slug=self.kwargs["slug"],
                partner_id=contact_partner_id(self.request.user),
            )
        return self._participation

    def post(self, request, slug):
        run_action(
            request,
            self.SERVICES[self.action],
            participation=self.get_permission_object(),
            actor=request.user,
            success=str(self.SUCCESS[self.action]),
        )
        return redirect("partner_dashboard")


class ProjectSubmitView(ProjectObjectMixin, PermissionGateMixin, View):
    permission_required = "projects.submit_project"

    def post(self, request, slug):
        project = self.get_object()
        run_action(
            request,
            services.project_submit,
            project=project,
            actor=request.user,
            success=_("The project has been submitted. The Stabsstelle will review it."),
        )
        return redirect("projects_partner:detail", slug=project.slug)


class DocumentDownloadView(ProjectObjectMixin, PermissionGateMixin, View):
    permission_required = "projects.view_project_documents"

    def get(self, request, slug, pk):
        project = self.get_object()
        document = get_object_or_404(ProjectDocument, project=project, pk=pk)
        return _file_download(document.file)


class ResultFormView(ProjectObjectMixin, ServiceFormView):
    """Adds or edits a yearly result. On a published project a partner's value becomes part of
    the pending revision (the year of a stored result is fixed there)."""

    permission_required = "projects.record_result"
    form_class = ResultForm
    template_name = "projects/partner/result_form.html"

    def reviewed(self) -> bool:
        return services.changes_need_review(self.get_object(), self.request.user)

    def get_revision(self):
        if not hasattr(self, "_revision"):
            self._revision = selectors.open_revision(self.get_object())
        return self._revision

    def get_result(self):
        """(approved result or None, pending entry or None) of the year in the URL; 404 when
        the year has neither."""
        if not hasattr(self, "_result"):
            year = self.kwargs.get("year")
            result = pending = None
            if year is not None:
                result = ProjectResult.objects.filter(project=self.get_object(), year=year).first()
                revision = self.get_revision()
                if revision is not None:
                    pending = next((e for e in revision.results.all() if e.year == year), None)
                if result is None and pending is None:
                    raise Http404
            self._result = (result, pending)
        return self._result

    def get_success_message(self):
        message = _("The result has been saved.")
        if self.reviewed():
            message = _(
                "The result has been saved. It appears publicly once the Stabsstelle has "
                "approved it."
            )
        lines = list(self.result.lines.select_related("factor")) if self.result else []
        if lines:
            # The partner sees at once what the activity data came to, and with which factor.
            message += " " + _("%(value)s CO2e, %(basis)s.") % {
                "value": format_tonnes(self.result.achieved_reduction),
                "basis": activity.describe(lines, self.result.data_quality),
            }
        return message

    def get_form_kwargs(self):
        result, pending = self.get_result()
        project = self.get_object()
        kwargs = {
            **super().get_form_kwargs(),
            "instance": result,
            "project": project,
            "revision": self.get_revision(),
            "pending": pending,
            "reviewed": self.reviewed(),
            "justify": services.is_partner_actor(self.request.user),
        }
        if result is None and pending is not None:
            kwargs["instance"] = ProjectResult(project=project)
        return kwargs

    def get_context_data(self, **kwargs):
        result, pending = self.get_result()
        return super().get_context_data(
            result=result or pending,
            pending=pending,
            reviewed=self.reviewed(),
            factors_url=reverse("climate:methods"),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        result, _pending = self.get_result()
        # Activity lines or a value in t CO2e (the form allows one of them); the service
        # computes the lines with the factors valid in the year.
        lines = form.line_inputs()
        achieved = None if lines else data["achieved_reduction"]
        if result is None or self.reviewed():
            evidence = data["evidence"]
            return services.result_set(
                project=self.get_object(),
                actor=self.request.user,
                year=data["year"],
                achieved_reduction=achieved,
                lines=lines,
                data_quality=data["data_quality"],
                note=data["note"],
                evidence=evidence if isinstance(evidence, UploadedFile) else None,
                justification=data["justification"],
            )
        fields = {
            "year": data["year"],
            "achieved_reduction": achieved,
            "lines": lines,
            "data_quality": data["data_quality"],
            "note": data["note"],
            "justification": data["justification"],
        }
        if data["evidence"] is not None:
            fields["evidence"] = data["evidence"] or ""
        return services.result_update(result=result, actor=self.request.user, **fields)

    def get_success_url(self):
        return reverse("projects_partner:detail", kwargs={"slug": self.get_object().slug})


class ResultDeleteView(ProjectObjectMixin, PermissionGateMixin, View):
    """Deletes what is not approved: the pending value of a year on a published project, or a
    result of a project that is not published yet (the services refuse approved results)."""

    permission_required = "projects.record_result"

    def post(self, request, slug, year):
        project = self.get_object()
        if project.is_published:
            entry = get_object_or_404(
                ResultRevision,
                revision__project=project,
                revision__state__in=ProjectRevision.OPEN_STATES,
                year=year,
            )
            run_action(
                request,
                services.result_revision_delete,
                entry=entry,
                actor=request.user,
                success=_("The pending result has been deleted."),
            )
        else:
            result = get_object_or_404(ProjectResult, project=project, year=year)
            run_action(
                request,
                services.result_delete,
                result=result,
                actor=request.user,
                success=_("The result has been deleted."),
            )
        return redirect("projects_partner:detail", slug=project.slug)


class DocumentDeleteView(ProjectObjectMixin, PermissionGateMixin, View):
    permission_required = "projects.change_project"

    def post(self, request, slug, pk):
        project = self.get_object()
        document = get_object_or_404(ProjectDocument, project=project, pk=pk)
        run_action(
            request,
            services.project_document_delete,
            document=document,
            actor=request.user,
            success=_("The evidence document has been deleted."),
        )
        return redirect("projects_partner:detail", slug=project.slug)


def _file_download(file):
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return private_download(
        FileResponse(handle, as_attachment=True, filename=file.name.split("/")[-1])
    )


class ResultEvidenceView(ProjectObjectMixin, PermissionGateMixin, View):
    """The evidence of an approved result, for those who may see the project's internal part."""

    permission_required = "projects.view_project_documents"

    def get(self, request, slug, year):
        result = get_object_or_404(ProjectResult, project=self.get_object(), year=year)
        return _file_download(result.evidence)


class PendingEvidenceView(ProjectObjectMixin, PermissionGateMixin, View):
    """The evidence of a pending result (open revision), same audience."""

    permission_required = "projects.view_project_documents"

    def get(self, request, slug, year):
        entry = get_object_or_404(
            ResultRevision,
            revision__project=self.get_object(),
            revision__state__in=ProjectRevision.OPEN_STATES,
            year=year,
        )
        return _file_download(entry.evidence)


def _import_help() -> dict:
    return {"carriers": EmissionFactor.Carrier.choices}


class ResultsImportView(PermissionGateMixin, View):
    """Step 1: upload a CSV file; the preview shows every row and every error."""

    permission_required = "projects.import_results"
    template_name = "projects/partner/import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ResultsImportForm(), **_import_help()})

    def post(self, request):
        form = ResultsImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, **_import_help()})
        result = imports.read_upload(
            form.cleaned_data["file"],
            projects=projects_with_results_by(request.user),
            justify=services.is_partner_actor(request.user),
        )
        if result.ok:
            request.session[IMPORT_SESSION_KEY] = imports.to_session(result)
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
        return render(request, self.template_name, {"form": ResultsImportForm(), "result": result})


class ResultsImportConfirmView(PermissionGateMixin, View):
    """Step 2: save the previewed rows, all or none."""

    permission_required = "projects.import_results"

    def post(self, request):
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored:
            messages.error(request, _("There is nothing to import. Please upload the file again."))
            return redirect("projects_partner:import")
        try:
            result = imports.from_session(
                stored,
                projects=projects_with_results_by(request.user),
                justify=services.is_partner_actor(request.user),
            )
        except (TypeError, ValueError):
            # A preview stored before this format (four values per row) is read again.
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.error(request, _("There is nothing to import. Please upload the file again."))
            return redirect("projects_partner:import")
        if not result.ok:
            return render(
                request,
                "projects/partner/import.html",
                {"form": ResultsImportForm(), "result": result},
            )
        ok, count = run_action(
            request, services.results_import, actor=request.user, rows=result.rows
        )
        if not ok:
            return redirect("projects_partner:import")
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request, _("%(count)s results have been saved.") % {"count": format_number(count, 0)}
        )
        if request.user.has_perm("projects.view_staff_projects"):
            return redirect("projects_staff:queue")
        return redirect("projects_partner:list")


# --- staff review -----------------------------------------------------------------------------


class StaffQueueView(PermissionGateMixin, View):
    permission_required = "projects.view_staff_projects"

    def get(self, request):
        # The same for every member of staff until the content changes (kept per generation,
        # language and day); the totals are the alliance's, shared with the home page.
        context = remember("projects.staff_queue", selectors.staff_queues, per_language=True)
        context["totals"] = remember("projects.totals", selectors.totals)
        # Who changed what: history rows and accounts, both content.
        context["recent"] = selectors.recent_changes()
        return render(request, "projects/staff/queue.html", context)


class StaffReviewView(ProjectObjectMixin, PermissionGateMixin, View):
    """The review page (GET) and its three decisions (POST to the action's URL). The gate asks
    `projects.review_project`; whether the project's state allows a decision is the service's
    check, shown as a message (the page's buttons ask `projects.publish_project` and its
    siblings, so a decision that does not fit the state is offered only after a race)."""

    permission_required = "projects.review_project"
    template_name = "projects/staff/review.html"
    action = None
    ACTIONS = {
        "publish": services.project_publish,
        "return": services.project_return,
        "unpublish": services.project_unpublish,
        "slug": services.project_slug_update,
    }
    FORMS = {"return": ReturnForm, "unpublish": UnpublishForm}
    SUCCESS = {
        "publish": gettext_lazy("Project published."),
        "return": gettext_lazy("Project returned to the partner."),
        "unpublish": gettext_lazy("Project unpublished and returned to the partner."),
        "slug": gettext_lazy("The address now follows the title; the old one redirects."),
    }

    def render_page(self, request, project, forms=None, status=200):
        forms = forms or {}
        context = _detail_context(project)
        context.update(
            {
                "documents": list(project.documents.all()),
                "history": selectors.project_history(project, limit=20),
                "open_participations": selectors.unconfirmed_participations(project),
                "return_form": forms.get("return") or ReturnForm(),
                "unpublish_form": forms.get("unpublish") or UnpublishForm(),
                "result_flags": plausibility.project_result_flags(project, context["results"]),
                "new_slug": services.suggested_slug(project),
            }
        )
        context.update(_revision_context(project))
        return render(request, self.template_name, context, status=status)

    def get(self, request, slug):
        if self.action is not None:
            raise Http404
        return self.render_page(request, self.get_object())

    def post(self, request, slug):
        project = self.get_object()
        if self.action is None:
            raise PermissionDenied  # the decisions have their own URLs
        kwargs = {}
        form_class = self.FORMS.get(self.action)
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                return self.render_page(request, project, forms={self.action: form})
            kwargs["comment"] = form.cleaned_data["comment"]
        run_action(
            request,
            self.ACTIONS[self.action],
            project=project,
            actor=request.user,
            success=str(self.SUCCESS[self.action]),
            **kwargs,
        )
        return redirect("projects_staff:review", slug=project.slug)


class StaffRevisionView(ProjectObjectMixin, PermissionGateMixin, View):
    """A project's pending revision: old → new per field and result, plausibility flags, and
    the two decisions (POST to the action's URL): approve or return with a comment."""

    permission_required = "projects.review_project"
    template_name = "projects/staff/revision.html"
    action = None
    SUCCESS = {
        "approve": gettext_lazy("The change has been approved and is now public."),
        "return": gettext_lazy("The change has been returned to the partner."),
    }

    def get_revision(self) -> ProjectRevision:
        revision = selectors.open_revision(self.get_object())
        if revision is None:
            raise Http404
        return revision

    def render_page(self, request, revision, form=None):
        project = self.get_object()
        context = _revision_context(project)
        context.update(
            {
                "project": project,
                "revision": revision,
                "return_form": form or RevisionReturnForm(),
            }
        )
        return render(request, self.template_name, context)

    def get(self, request, slug):
        if self.action is not None:
            raise Http404
        return self.render_page(request, self.get_revision())

    def post(self, request, slug):
        if self.action is None:
            raise PermissionDenied  # the decisions have their own URLs
        project = self.get_object()
        revision = self.get_revision()
        kwargs = {}
        if self.action == "return":
            form = RevisionReturnForm(request.POST)
            if not form.is_valid():
                return self.render_page(request, revision, form=form)
            kwargs["comment"] = form.cleaned_data["comment"]
            service = services.revision_return
        else:
            service = services.revision_approve
        ok, _result = run_action(
            request,
            service,
            revision=revision,
            actor=request.user,
            success=str(self.SUCCESS[self.action]),
            **kwargs,
        )
        if ok:
            return redirect("projects_staff:queue")
        return redirect("projects_staff:revision", slug=project.slug)
