"""Reporting compliance pages (#15.5): the lead partner's "nothing to report" form and the
staff overview with the deadline form and the CSV export, all behind the gate."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.audit.selectors import history_of
from core.csv import csv_response
from core.dates import date_short
from core.permissions import PermissionGateMixin, require_perm
from core.views import ServiceFormView, run_service

from . import reporting, reporting_services
from .models import Project, ReportingReminder
from .reporting_forms import NothingToReportForm, ReportingDeadlineForm
from .validators import MIN_YEAR


class NothingToReportView(ServiceFormView):
    """A contact of the active lead partner states that a published project has nothing to
    report for a year it owes a report for (other years: 404)."""

    permission_required = "projects.state_nothing_to_report"
    form_class = NothingToReportForm
    template_name = "projects/reporting/statement_form.html"

    def get_permission_object(self):
        if not hasattr(self, "_project"):
            self._project = get_object_or_404(
                Project.objects.published().select_related("lead_partner"),
                slug=self.kwargs["slug"],
            )
        return self._project

    def check_year(self) -> None:
        if not reporting.owes_report(self.get_permission_object(), self.kwargs["year"]):
            raise Http404

    def get(self, request, *args, **kwargs):
        self.check_year()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_year()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        project = self.get_permission_object()
        year = self.kwargs["year"]
        return super().get_context_data(
            project=project,
            year=year,
            state=reporting.project_has_reported(project, year),
            deadline=reporting.deadline_for(year),
            **kwargs,
        )

    def perform(self, form):
        return reporting_services.nothing_to_report_state(
            project=self.get_permission_object(),
            actor=self.request.user,
            year=self.kwargs["year"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_message(self):
        return _("Saved: nothing to report for “%(project)s” in %(year)s.") % {
            "project": self.get_permission_object().title,
            "year": self.kwargs["year"],
        }

    def get_success_url(self):
        return reverse("partner_dashboard")


def requested_year(request) -> int:
    """The `jahr` of the query string if it is a complete year from 1990 on, else the
    current reporting year (garbage never fails the page)."""
    default = reporting.reporting_year()
    raw = (request.GET.get("jahr") or "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) == 4:
        year = int(raw)
        if MIN_YEAR <= year <= default:
            return year
    return default


def year_choices(selected: int) -> list[int]:
    current = reporting.reporting_year()
    years = set(range(current, max(MIN_YEAR, current - 9) - 1, -1))
    years.update(reporting.deadlines().values_list("year", flat=True))
    years.add(selected)
    return sorted(years, reverse=True)


class ComplianceStaffView(PermissionGateMixin, View):
    """Who has and has not reported for a year, per partner and project, with the counts, the
    deadline and the form that sets or changes it."""

    permission_required = "projects.view_reporting_compliance"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ("projects.view_reporting_compliance", "projects.set_reporting_deadline")
        return super().get_permission_required()

    def get(self, request):
        year = requested_year(request)
        return self.show(year, self.deadline_form(year))

    def deadline_form(self, year: int, data=None):
        deadline = reporting.deadline_for(year)
        initial = {"year": year}
        if deadline is not None:
            initial["due_date"] = deadline.due_date
        else:
            initial["due_date"] = datetime.date(year + 1, 3, 31)
        return ReportingDeadlineForm(data, initial=initial, prefix="deadline")

    def post(self, request):
        form = ReportingDeadlineForm(request.POST, prefix="deadline")
        if form.is_valid():
            ok, row = run_service(
                form,
                reporting_services.reporting_deadline_set,
                actor=request.user,
                year=form.cleaned_data["year"],
                due_date=form.cleaned_data["due_date"],
            )
            if ok:
                messages.success(
                    request,
                    _("The deadline for %(year)s is %(date)s.")
                    % {"year": row.year, "date": date_short(row.due_date)},
                )
                return redirect(reverse("projects_reporting:staff") + f"?jahr={row.year}")
        year = form.cleaned_data.get("year") if hasattr(form, "cleaned_data") else None
        return self.show(year or requested_year(request), form)

    def show(self, year: int, form):
        status = reporting.compliance(year)
        reminders: dict[int, list] = {}
        for reminder in ReportingReminder.objects.filter(year=year).order_by("sent_at"):
            reminders.setdefault(reminder.partner_id, []).append(reminder)
        for entry in status.partners:
            entry.reminders = reminders.get(entry.partner.pk, [])
        # Who has not reported comes first (by name within each group).
        status.partners.sort(key=lambda entry: entry.complete)
        return render(
            self.request,
            "projects/reporting/staff.html",
            {
                "compliance": status,
                "year": year,
                "years": year_choices(year),
                "form": form,
                "overdue": status.is_overdue(),
                "today": timezone.localdate(),
                "history": history_of(status.deadline) if status.deadline else [],
            },
        )


@require_perm("projects.view_reporting_compliance")
def compliance_csv(request):
    """One line per owed project of the year: partner, project, state, reason, deadline."""
    year = requested_year(request)
    status = reporting.compliance(year)
    response, writer = csv_response(f"berichtspflicht-{year}.csv")
    writer.writerow(
        [
            _("Year"),
            _("Deadline"),
            _("Partner"),
            _("Project"),
            _("Identifier"),
            _("State of the report"),
            _("Reason (nothing to report)"),
        ]
    )
    due = status.deadline.due_date.isoformat() if status.deadline else ""
    for entry in status.partners:
        for report in entry.projects:
            writer.writerow(
                [
                    year,
                    due,
                    entry.partner.name,
                    report.project.title,
                    report.project.slug,
                    str(report.label),
                    report.statement.reason if report.statement else "",
                ]
            )
    return response
