"""Renders an annual report synchronously (scripting, debugging): a new version of the year."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import services
from reports.models import AnnualReport


class Command(BaseCommand):
    help = "Renders the annual report of a year now, in this process, and prints the result."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--outlook", default="", help="Outlook text (Markdown).")

    def handle(self, *args, year: int, outlook: str, **options):
        try:
            report = services.report_request(actor=None, year=year, outlook=outlook, queue=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        report_id = report.pk
        try:
            services.report_render(report_id=report_id)
        except Exception as exc:
            services.report_fail(report_id=report_id, reason=f"{type(exc).__name__}: {exc}")
            raise
        report = AnnualReport.objects.get(pk=report_id)
        if report.state != AnnualReport.State.DONE:
            raise CommandError(f"Report {report} ended {report.state}: {report.error}")
        self.stdout.write(f"path: {report.pdf.path}")
        self.stdout.write(f"pages: {report.page_count}")
        self.stdout.write(f"bytes: {report.size}")
        self.stdout.write(f"sha256: {report.sha256}")
