"""Project pages: public list/detail/exports, the partner area and the staff review.

Views only read requests and call services; permissions are the rules in `rules.py`.
Unpublished projects are looked up through `visible_to(user)`, so they are a 404 for everyone
who may not see them.
"""

import csv

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET
from rules.contrib.views import PermissionRequiredMixin

from accounts.roles import is_stabsstelle
from core.downloads import private_download
from core.numbers import format_number
from partners.selectors import partner_of

from . import imports, selectors, services
from .charts import bar_chart
from .filters import ProjectFilter
from .forms import ProjectForm, ResultForm, ResultsImportForm, ReturnForm, UnpublishForm
from .models import Project, ProjectDocument, ProjectResult

PAGE_SIZE = 20
IMPORT_SESSION_KEY = "projects_results_import"


def add_service_errors(form, exc: ValidationError) -> None:
    """Shows a service's ValidationError on the form (unknown fields as non-field errors)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


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


@require_GET
def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("lead_partner", "field_of_action"),
        slug=slug,
    )
    return render(request, "projects/detail.html", _detail_context(project))


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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="klimaallianz-projekte.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
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
    """Loads the project among those the user may see (else 404) for the permission check."""

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


class PartnerProjectListView(LoginRequiredMixin, PermissionRequiredMixin, View):
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


class ProjectCreateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "projects.add_project"
    template_name = "projects/partner/form.html"

    def get(self, request):
        form = ProjectForm(lead_partner=partner_of(request.user))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        partner = partner_of(request.user)
        form = ProjectForm(request.POST, request.FILES, lead_partner=partner)
        if form.is_valid():
            try:
                project = services.project_create(
                    actor=request.user,
                    lead_partner=partner,
                    participants=form.cleaned_data["participants"],
                    **form.project_fields(),
                )
                if form.cleaned_data.get("document"):
                    services.project_document_add(
                        project=project,
                        actor=request.user,
                        title=form.cleaned_data["document_title"],
                        file=form.cleaned_data["document"],
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The project has been saved as a draft."))
                return redirect("projects_partner:detail", slug=project.slug)
        return render(request, self.template_name, {"form": form})


class ProjectEditView(LoginRequiredMixin, ProjectObjectMixin, PermissionRequiredMixin, View):
    permission_required = "projects.change_project"
    template_name = "projects/partner/form.html"

    def get(self, request, slug):
        project = self.get_object()
        form = ProjectForm(instance=project, lead_partner=project.lead_partner)
        return render(request, self.template_name, {"form": form, "project": project})

    def post(self, request, slug):
        project = self.get_object()
        form = ProjectForm(
            request.POST, request.FILES, instance=project, lead_partner=project.lead_partner
        )
        if form.is_valid():
            try:
                services.project_update(
                    project=project,
                    actor=request.user,
                    participants=form.cleaned_data["participants"],
                    **form.project_fields(),
                )
                if form.cleaned_data.get("document"):
                    services.project_document_add(
                        project=project,
                        actor=request.user,
                        title=form.cleaned_data["document_title"],
                        file=form.cleaned_data["document"],
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("projects_partner:detail", slug=project.slug)
        return render(request, self.template_name, {"form": form, "project": project})


class PartnerProjectDetailView(
    LoginRequiredMixin, ProjectObjectMixin, PermissionRequiredMixin, View
):
    permission_required = "projects.view_project_documents"

    def get(self, request, slug):
        project = self.get_object()
        context = _detail_context(project)
        context.update(
            {
                "documents": list(project.documents.all()),
                "history": selectors.project_history(project, limit=10),
                "can_change": request.user.has_perm("projects.change_project", project),
                "can_submit": request.user.has_perm("projects.submit_project", project),
            }
        )
        return render(request, "projects/partner/detail.html", context)


class ProjectSubmitView(LoginRequiredMixin, ProjectObjectMixin, PermissionRequiredMixin, View):
    permission_required = "projects.submit_project"

    def post(self, request, slug):
        project = self.get_object()
        try:
            services.project_submit(project=project, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The project has been submitted. The Stabsstelle will review it.")
            )
        return redirect("projects_partner:detail", slug=project.slug)


class DocumentDownloadView(LoginRequiredMixin, ProjectObjectMixin, PermissionRequiredMixin, View):
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


class ResultFormView(LoginRequiredMixin, ProjectObjectMixin, PermissionRequiredMixin, View):
    permission_required = "projects.change_project"
    template_name = "projects/partner/result_form.html"

    def get_result(self, project):
        year = self.kwargs.get("year")
        if year is None:
            return None
        return get_object_or_404(ProjectResult, project=project, year=year)

    def get(self, request, slug, year=None):
        project = self.get_object()
        result = self.get_result(project)
        form = ResultForm(instance=result, project=project)
        return render(
            request, self.template_name, {"form": form, "project": project, "result": result}
        )

    def post(self, request, slug, year=None):
        project = self.get_object()
        result = self.get_result(project)
        form = ResultForm(request.POST, request.FILES, instance=result, project=project)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if result is None:
                    services.result_set(
                        project=project,
                        actor=request.user,
                        year=data["year"],
                        achieved_reduction=data["achieved_reduction"],
                        note=data["note"],
                        evidence=data["evidence"],
                    )
                else:
                    fields = {
                        "year": data["year"],
                        "achieved_reduction": data["achieved_reduction"],
                        "note": data["note"],
                    }
                    if data["evidence"] is not None:
                        fields["evidence"] = data["evidence"] or ""
                    services.result_update(result=result, actor=request.user, **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The result has been saved."))
                return redirect("projects_partner:detail", slug=project.slug)
        return render(
            request, self.template_name, {"form": form, "project": project, "result": result}
        )


def _importable_projects(user):
    if is_stabsstelle(user):
        return Project.objects.all()
    partner = partner_of(user)
    if partner is None:
        return Project.objects.none()
    return Project.objects.filter(lead_partner=partner)


class ResultsImportView(LoginRequiredMixin, PermissionRequiredMixin, View):
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
            form.cleaned_data["file"], projects=_importable_projects(request.user)
        )
        if result.ok:
            request.session[IMPORT_SESSION_KEY] = imports.to_session(result)
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
        return render(request, self.template_name, {"form": ResultsImportForm(), "result": result})


class ResultsImportConfirmView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Step 2: save the previewed rows, all or none."""

    permission_required = "projects.import_results"

    def post(self, request):
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored:
            messages.error(request, _("There is nothing to import. Please upload the file again."))
            return redirect("projects_partner:import")
        result = imports.from_session(stored, projects=_importable_projects(request.user))
        if not result.ok:
            return render(
                request,
                "projects/partner/import.html",
                {"form": ResultsImportForm(), "result": result},
            )
        try:
            count = services.results_import(actor=request.user, rows=result.rows)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("projects_partner:import")
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request, _("%(count)s results have been saved.") % {"count": format_number(count, 0)}
        )
        if is_stabsstelle(request.user):
            return redirect("projects_staff:queue")
        return redirect("projects_partner:list")


# --- staff review -----------------------------------------------------------------------------


class StaffQueueView(LoginRequiredMixin, PermissionRequiredMixin, View):
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


class StaffReviewView(LoginRequiredMixin, ProjectObjectMixin, PermissionRequiredMixin, View):
    permission_required = "projects.review_project"
    template_name = "projects/staff/review.html"
    action = None

    def render_page(self, request, project, return_form=None, unpublish_form=None, status=200):
        context = _detail_context(project)
        context.update(
            {
                "documents": list(project.documents.all()),
                "history": selectors.project_history(project, limit=20),
                "return_form": return_form or ReturnForm(),
                "unpublish_form": unpublish_form or UnpublishForm(),
            }
        )
        return render(request, self.template_name, context, status=status)

    def get(self, request, slug):
        if self.action is not None:
            raise Http404
        return self.render_page(request, self.get_object())

    def post(self, request, slug):
        project = self.get_object()
        if self.action == "publish":
            return self._run(request, project, services.project_publish, _("Project published."))
        if self.action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                return self.render_page(request, project, return_form=form)
            return self._run(
                request,
                project,
                services.project_return,
                _("Project returned to the partner."),
                comment=form.cleaned_data["comment"],
            )
        if self.action == "unpublish":
            form = UnpublishForm(request.POST)
            if not form.is_valid():
                return self.render_page(request, project, unpublish_form=form)
            return self._run(
                request,
                project,
                services.project_unpublish,
                _("Project unpublished and returned to the partner."),
                comment=form.cleaned_data["comment"],
            )
        raise PermissionDenied

    def _run(self, request, project, service, success, **kwargs):
        try:
            service(project=project, actor=request.user, **kwargs)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
        return redirect("projects_staff:review", slug=project.slug)
