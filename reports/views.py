from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from rules.contrib.views import PermissionRequiredMixin

from core.downloads import private_download
from partners.views import apply_validation_error

from . import services
from .forms import EmissionsForm, ReportRequestForm, TargetPathForm
from .models import AnnualReport, CityEmissions, TargetPath
from .selectors import target_path


class EmissionsView(PermissionRequiredMixin, View):
    """Staff enter the city's balance per year and choose the target path's base year."""

    permission_required = "reports.manage_emissions"

    def dispatch(self, request, *args, **kwargs):
        year = kwargs.get("year")
        self.row = get_object_or_404(CityEmissions, year=year) if year else None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, year=None):
        return self.show(EmissionsForm(instance=self.row), self.target_form())

    def target_form(self, data=None):
        return TargetPathForm(data, instance=TargetPath.objects.first(), prefix="target")

    def post(self, request, year=None):
        if "target-base_year" in request.POST:
            target_form = self.target_form(request.POST)
            if target_form.is_valid():
                services.target_path_set(
                    actor=request.user, base_year=target_form.cleaned_data["base_year"]
                )
                messages.success(request, _("The base year of the target path has been saved."))
                return redirect("reports:emissions")
            return self.show(EmissionsForm(instance=self.row), target_form)
        form = EmissionsForm(request.POST, instance=self.row)
        if form.is_valid():
            try:
                services.emissions_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The figures for %(year)s have been saved.")
                    % {"year": form.cleaned_data["year"]},
                )
                return redirect("reports:emissions")
        return self.show(form, self.target_form())

    def show(self, form, target_form):
        return render(
            self.request,
            "reports/emissions.html",
            {
                "form": form,
                "target_form": target_form,
                "row": self.row,
                "rows": CityEmissions.objects.all(),
                "path": target_path(),
            },
        )


# Annual reports ---------------------------------------------------------------------------


def staff_only(view):
    """Login first, then the Stabsstelle's permission, or 403."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("reports.manage_reports"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
def staff_reports(request):
    """Start a rendering, watch the states (the page reloads itself while one is pending,
    without JavaScript), download, publish and unpublish."""
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Version %(version)s of the report %(year)s is being created.")
                % {"version": report.version, "year": report.year},
            )
            return redirect("reports:staff_list")
    reports = list(AnnualReport.objects.select_related("requested_by"))
    pending = any(report.is_pending for report in reports)
    auto_refresh = pending and request.GET.get("aktualisieren") != "aus"
    return render(
        request,
        "reports/staff_list.html",
        {
            "form": form,
            "reports": reports,
            "pending": pending,
            "auto_refresh": auto_refresh,
        },
    )


def _pdf_response(report: AnnualReport) -> FileResponse:
    if report.state != AnnualReport.State.DONE or not report.pdf:
        raise Http404
    try:
        file = report.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        file, as_attachment=True, filename=report.download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_only
def staff_download(request, pk: int):
    return private_download(_pdf_response(get_object_or_404(AnnualReport, pk=pk)))


@require_POST
@staff_only
def publish(request, pk: int):
    report = get_object_or_404(AnnualReport, pk=pk)
    try:
        services.report_publish(actor=request.user, report=report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(version)s of the report %(year)s is published.")
            % {"version": report.version, "year": report.year},
        )
    return redirect("reports:staff_list")


@require_POST
@staff_only
def unpublish(request, pk: int):
    report = get_object_or_404(AnnualReport, pk=pk)
    services.report_unpublish(actor=request.user, report=report)
    messages.success(
        request,
        _("Version %(version)s of the report %(year)s is no longer published.")
        % {"version": report.version, "year": report.year},
    )
    return redirect("reports:staff_list")


def public_list(request):
    reports = AnnualReport.objects.filter(published=True, state=AnnualReport.State.DONE)
    return render(request, "reports/public_list.html", {"reports": reports})


def download(request, pk: int):
    """The PDF of a published report; unpublished ones are 404 except for staff."""
    report = get_object_or_404(AnnualReport, pk=pk)
    if not request.user.has_perm("reports.view_report", report):
        raise Http404
    return _pdf_response(report) if report.published else private_download(_pdf_response(report))
