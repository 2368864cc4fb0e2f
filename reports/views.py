"""The annual reports: staff pages behind the gate (core.permissions),
the public list and the PDFs of published reports."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import private_download
from core.licence import with_licence
from core.permissions import require_perm
from core.views import run_action, run_service

from . import release, services
from .forms import ReportRequestForm
from .models import AnnualReport
from .rendering import report_page_body

# Annual reports ---------------------------------------------------------------------------


def report_by_pk(request, pk: int, **kwargs) -> AnnualReport:
    return get_object_or_404(AnnualReport, pk=pk)


@require_perm("reports.manage_reports")
def staff_reports(request):
    """Start a rendering, watch the states (the page reloads itself while one is pending,
    without JavaScript), download, publish and unpublish."""
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, report = run_service(
            form, services.report_request, actor=request.user, **form.cleaned_data
        )
        if ok:
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


@require_perm("reports.manage_reports", obj=report_by_pk)
def staff_download(request, pk: int, obj: AnnualReport):
    return private_download(_pdf_response(obj))


@require_POST
@require_perm("reports.manage_reports", obj=report_by_pk)
def publish(request, pk: int, obj: AnnualReport):
    """Whether the report's state allows it is the service's check, shown as a message; the
    page offers the button where `reports.publish_report` holds."""
    run_action(
        request,
        services.report_publish,
        actor=request.user,
        report=obj,
        success=_("Version %(version)s of the report %(year)s is published.")
        % {"version": obj.version, "year": obj.year},
    )
    return redirect("reports:staff_list")


@require_POST
@require_perm("reports.manage_reports", obj=report_by_pk)
def unpublish(request, pk: int, obj: AnnualReport):
    run_action(
        request,
        services.report_unpublish,
        actor=request.user,
        report=obj,
        success=_("Version %(version)s of the report %(year)s is no longer published.")
        % {"version": obj.version, "year": obj.year},
    )
    return redirect("reports:staff_list")


def public_list(request):
    reports = AnnualReport.objects.filter(published=True, state=AnnualReport.State.DONE)
    # The newest published version of each year (older published versions stay reachable
    # through their old id-based links, which redirect to the year).
    latest: dict[int, AnnualReport] = {}
    for report in reports.order_by("-year", "-version"):
        latest.setdefault(report.year, report)
    return render(request, "reports/public_list.html", {"reports": list(latest.values())})


def published_report(year: int, *, snapshot: bool = True) -> AnnualReport:
    """The year's published report: its newest published version (with its snapshot, from
    which the page and the data release are made)."""
    report = (
        AnnualReport.objects.filter(year=year, published=True, state=AnnualReport.State.DONE)
        .order_by("-version")
        .first()
    )
    if report is None or (snapshot and not report.snapshot):
        raise Http404
    return report


def report_page(request, year: int):
    """The report as an accessible HTML page, from the same snapshot as its PDF, with the
    downloads and their SHA-256 checksums. Two queries (the report; the session's user)."""
    report = published_report(year)
    data = release.data_release(report)
    return render(
        request,
        "reports/report_page.html",
        {
            "report": report,
            "s": report.snapshot,
            "body": report_page_body(report.snapshot),
            "release": data,
        },
    )


def report_pdf(request, year: int):
    return with_licence(_pdf_response(published_report(year, snapshot=False)))


def report_data(request, year: int):
    report = published_report(year)
    data = release.data_release(report)
    response = HttpResponse(data.content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="jahresbericht-{report.year}-v{report.version}-daten.zip"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return with_licence(response)


@require_perm("reports.download_report", obj=report_by_pk, hidden=True)
def download(request, pk: int, obj: AnnualReport):
    """The old id-based PDF link: a published report moved to its year's address
    (permanently); an unpublished one is a 404 except for staff."""
    if obj.published:
        return redirect(reverse("reports:report_pdf", kwargs={"year": obj.year}), permanent=True)
    return private_download(_pdf_response(obj))


@require_perm("climate.manage_balance")
def emissions_moved(request, year: int | None = None):
    """The city balance's old staff URLs (now in climate), behind the same rule as the new."""
    if year is None:
        return redirect("climate:balance_staff")
    return redirect("climate:balance_edit", year=year)
