"""Project pages: public list/detail/exports, the partner area and the staff review.

Every view that is not public goes through the gate (core.permissions) with a named rule of
`rules.py`, asked about the project; services run through core.views, so their
ValidationError shows on the form. Unpublished projects are looked up through
`visible_to(user)`, so they are a 404 for everyone who may not see them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET

from core.csv import csv_response
from core.downloads import private_download
from core.numbers import format_number
from core.permissions import PermissionGateMixin, require_perm
from core.views import ServiceFormView, run_action
from partners.selectors import partner_of

from . import imports, selectors, services
from .charts import bar_chart
from .filters import ProjectFilter
from .forms import ProjectForm, ResultForm, ResultsImportForm, ReturnForm, UnpublishForm
from .models import Project, ProjectDocument, ProjectResult
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
    figures = selectors.totals(projects)
    paginator = Paginator(projects.select_related("lead_partner", "field_of_action"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("seite"))
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
    results = list(project.results.order_by("year"))
    return {
        "project": project,
        "participants": list(project.partners.order_by("name")),
        "results": results,
        "chart": bar_chart([(r.year, r.achieved_reduction) for r in results]),
        "achieved_total": sum((r.achieved_reduction for r in results), start=0),
    }


def project_by_slug(request, slug: str, **kwargs) -> Project:
    return get_object_or_404(
        Project.objects.select_related("lead_partner", "field_of_action"), slug=slug
    )


@require_GET
@require_perm("projects.view_project", obj=project_by_slug, hidden=True)
def project_detail(request, slug, obj: Project):
    return render(request, "projects/detail.html", _detail_context(obj))


def _export_queryset(request):
    _filterset, projects = filtered_projects(request)
    return projects.select_related("lead_partner", "field_of_action").prefetch_related(
        "partners", "results"
    )


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
                p.lead_partner.name,
                ", ".join(sorted(partner.name for partner in p.partners.all())),
                p.field_of_action.name,
                p.get_status_display(),
                p.start_date.isoformat(),
                p.end_date.isoformat() if p.end_date else "",
                p.address,
                _decimal_de(p.latitude),
                _decimal_de(p.longitude),
                _decimal_de(p.expected_reduction),
                "ja" if p.credited else "nein",
                _decimal_de(sum(results.values(), start=0) if results else None),
                request.build_absolute_uri(p.get_absolute_url()),
            ]
            + [_decimal_de(results.get(year)) for year in years]
        )
    return response


@require_GET
def export_json(request):
    projects = _export_queryset(request)
    data = {
        "generated_at": timezone.now(),
        "source": request.build_absolute_uri(reverse("projects:list")),
        "count": 0,
        "projects": [],
    }
    for p in projects:
        data["projects"].append(
            {
                "slug": p.slug,
                "title": p.title,
                "summary": p.summary,
                "url": request.build_absolute_uri(p.get_absolute_url()),
                "lead_partner": {"slug": p.lead_partner.slug, "name": p.lead_partner.name},
                "participating_partners": [
                    {"slug": partner.slug, "name": partner.name}
                    for partner in sorted(p.partners.all(), key=lambda x: x.name)
                ],
                "field_of_action": {"slug": p.field_of_action.slug, "name": p.field_of_action.name},
                "status": p.status,
                "start_date": p.start_date,
                "end_date": p.end_date,
                "address": p.address,
                "latitude": float(p.latitude) if p.latitude is not None else None,
                "longitude": float(p.longitude) if p.longitude is not None else None,
                "expected_reduction_t_co2e_per_year": float(p.expected_reduction),
                "credited": p.credited,
                "results": [
                    {"year": r.year, "achieved_reduction_t_co2e": float(r.achieved_reduction)}
                    for r in sorted(p.results.all(), key=lambda r: r.year)
                ],
                "published_at": p.published_at,
                "updated_at": p.updated_at,
            }
        )
    data["count"] = len(data["projects"])
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = 'inline; filename="klimaallianz-projekte.json"'
    return response


# --- partner area ----------------------------------------------------------------------------


class ProjectObjectMixin:
    """Loads the project among those the user may see (else 404) for the rules."""

    def get_object(self):
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(
                Project.objects.visible_to(self.request.user).select_related(
                    "lead_partner", "field_of_action"
                ),
                slug=self.kwargs["slug"],
            )
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
        projects = list(selectors.partner_projects(partner))
        return render(
            request,
            "projects/partner/list.html",
            {
                "partner": partner,
                "led": [p for p in projects if p.lead_partner_id == partner.pk],
                "participating": [p for p in projects if p.lead_partner_id != partner.pk],
                "totals": selectors.partner_totals(partner),
            },
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


class ProjectEditView(ProjectObjectMixin, ServiceFormView):
    permission_required = "projects.change_project"
    form_class = ProjectForm
    template_name = "projects/partner/form.html"
    success_message = gettext_lazy("The changes have been saved.")

    def get_form_kwargs(self):
        project = self.get_object()
        return {
            **super().get_form_kwargs(),
            "instance": project,
            "lead_partner": project.lead_partner,
        }

    def perform(self, form):
        project = self.get_object()
        services.project_update(
            project=project,
            actor=self.request.user,
            participants=form.cleaned_data["participants"],
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
        context = _detail_context(project)
        context.update(
            {
                "documents": list(project.documents.all()),
                "history": selectors.project_history(project, limit=10),
            }
        )
        return render(request, "projects/partner/detail.html", context)


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
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        return private_download(
            FileResponse(handle, as_attachment=True, filename=document.file.name.split("/")[-1])
        )


class ResultFormView(ProjectObjectMixin, ServiceFormView):
    permission_required = "projects.record_result"
    form_class = ResultForm
    template_name = "projects/partner/result_form.html"
    success_message = gettext_lazy("The result has been saved.")

    def get_result(self):
        if not hasattr(self, "_result"):
            year = self.kwargs.get("year")
            self._result = (
                None
                if year is None
                else get_object_or_404(ProjectResult, project=self.get_object(), year=year)
            )
        return self._result

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.get_result(),
            "project": self.get_object(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(result=self.get_result(), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        result = self.get_result()
        if result is None:
            return services.result_set(
                project=self.get_object(),
                actor=self.request.user,
                year=data["year"],
                achieved_reduction=data["achieved_reduction"],
                note=data["note"],
                evidence=data["evidence"],
            )
        fields = {
            "year": data["year"],
            "achieved_reduction": data["achieved_reduction"],
            "note": data["note"],
        }
        if data["evidence"] is not None:
            fields["evidence"] = data["evidence"] or ""
        return services.result_update(result=result, actor=self.request.user, **fields)

    def get_success_url(self):
        return reverse("projects_partner:detail", kwargs={"slug": self.get_object().slug})


class ResultsImportView(PermissionGateMixin, View):
    """Step 1: upload a CSV file; the preview shows every row and every error."""

    permission_required = "projects.import_results"
    template_name = "projects/partner/import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ResultsImportForm()})

    def post(self, request):
        form = ResultsImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        result = imports.read_upload(
            form.cleaned_data["file"], projects=projects_with_results_by(request.user)
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
        result = imports.from_session(stored, projects=projects_with_results_by(request.user))
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
        return render(
            request,
            "projects/staff/queue.html",
            {
                "queue": list(selectors.review_queue()),
                "recent": list(selectors.recently_changed()),
                "returned": list(
                    Project.objects.filter(publication=Project.Publication.RETURNED)
                    .select_related("lead_partner")
                    .order_by("-updated_at")[:50]
                ),
                "totals": selectors.totals(),
            },
        )


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
    }
    FORMS = {"return": ReturnForm, "unpublish": UnpublishForm}
    SUCCESS = {
        "publish": gettext_lazy("Project published."),
        "return": gettext_lazy("Project returned to the partner."),
        "unpublish": gettext_lazy("Project unpublished and returned to the partner."),
    }

    def render_page(self, request, project, forms=None, status=200):
        forms = forms or {}
        context = _detail_context(project)
        context.update(
            {
                "documents": list(project.documents.all()),
                "history": selectors.project_history(project, limit=20),
                "return_form": forms.get("return") or ReturnForm(),
                "unpublish_form": forms.get("unpublish") or UnpublishForm(),
            }
        )
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
