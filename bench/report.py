"""Benchmark of the annual report (issue 8).

Seeds a large alliance (bench/alliance.py: 300 partners, 1,500 projects with 10 years of
results, 30 meetings, 60 decisions once the Proposal model exists; here also attendance, theme
circles and action items) into a database used only for benchmarks, renders the report of the
last complete year as the Celery task does (in this process) and prints:

- seconds for the whole job (snapshot, HTML, WeasyPrint, atomic write, database),
- seconds WeasyPrint alone takes for the same final HTML, and the ratio (target <= 1.25),
- pages and PDF bytes, peak RSS of the process (target <= 500 MB),
- the number of database queries of the snapshot at two data sizes (must be equal).

    createdb -h 127.0.0.1 -U postgres klimaportal_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klimaportal_bench \\
        .venv/bin/python bench/report.py [--force]

It refuses to run against a database holding anything but benchmark data unless --force.
"""

import argparse
import datetime
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alliance import django_setup, seed_large_alliance  # noqa: E402

TARGETS = {"ratio": 1.25, "rss_mb": 500}


def refuse_foreign_data(force: bool) -> None:
    from django.core.management import call_command

    from partners.models import Partner

    call_command("migrate", verbosity=0)
    foreign = Partner.objects.exclude(name__startswith="Bench-Partner").count()
    if foreign and not force:
        sys.exit(
            f"The database holds {foreign} partners that are not benchmark data. "
            "Use a dedicated database (DATABASE_URL) or pass --force."
        )


def seed_meeting_details() -> None:
    """Attendance, theme circles and action items for the seeded meetings (idempotent)."""
    from django.db import transaction
    from django.utils import timezone

    from meetings.models import ActionItem, Attendance, Circle, Meeting
    from partners.models import Partner

    meetings = list(Meeting.objects.filter(title__startswith="Bench-Sitzung"))
    if Attendance.objects.filter(meeting__in=meetings).exists():
        return
    partners = list(Partner.objects.filter(name__startswith="Bench-Partner").order_by("pk"))
    with transaction.atomic():
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, partner=partners[(i * 11 + j) % len(partners)])
            for i, meeting in enumerate(meetings)
            for j in range(40)
        )
        Circle.objects.bulk_create(
            Circle(
                meeting=meeting,
                position=j,
                title=f"Klimakreis {j + 1}: Wärme, Strom und Mobilität",
                expert_topic="Kommunale Wärmeplanung",
                results_discussion="Die Runde hat **Wärmenetze** und Dachflächen besprochen.",
                results_next_steps="- Leitfaden erstellen\n- Termine mit den Stadtwerken",
            )
            for meeting in meetings
            for j in range(2)
        )
        ActionItem.objects.bulk_create(
            ActionItem(
                meeting=meeting,
                title=f"Aufgabe {j + 1} aus {meeting.title}",
                responsible_partner=partners[(i + j) % len(partners)],
                due_on=timezone.localdate() + datetime.timedelta(days=30 * j - 30),
                status="erledigt" if j == 0 else "offen",
                closed_at=meeting.starts_at + datetime.timedelta(days=7) if j == 0 else None,
            )
            for i, meeting in enumerate(meetings)
            for j in range(3)
        )


def snapshot_queries(year: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.snapshot import build_snapshot

    with CaptureQueriesContext(connection) as queries:
        build_snapshot(year=year)
    return len(queries)


def queries_at_larger_size(year: int) -> tuple[int, int]:
    """Adds a third more partners, projects and results in a transaction that is rolled
    back, and counts the snapshot's queries again. Returns (number of projects, queries)."""
    from decimal import Decimal

    from django.db import transaction

    from meetings.models import Body
    from partners.models import Partner
    from projects.models import Project, ProjectResult

    class Rollback(Exception):
        pass

    result = (0, 0)
    try:
        with transaction.atomic():
            group = Body.objects.working_groups().first()
            partners = Partner.objects.bulk_create(
                Partner(name=f"Extra {i}", slug=f"extra-{i}", status="aktiv") for i in range(100)
            )
            projects = Project.objects.bulk_create(
                Project(
                    title=f"Extra-Projekt {i}",
                    slug=f"extra-projekt-{i}",
                    lead_partner=partners[i % 100],
                    field_of_action=group,
                    status="in_umsetzung",
                    start_date=datetime.date(year, 1, 1),
                    expected_reduction=Decimal(10),
                    publication="veroeffentlicht",
                )
                for i in range(500)
            )
            ProjectResult.objects.bulk_create(
                ProjectResult(project=p, year=year, achieved_reduction=Decimal(5)) for p in projects
            )
            result = (Project.objects.published().count(), snapshot_queries(year))
            raise Rollback
    except Rollback:
        pass
    return result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="run on a non-benchmark database")
    args = parser.parse_args()
    django_setup(require_postgres=True)
    refuse_foreign_data(args.force)

    from django.utils import timezone

    from projects.models import Project
    from reports import services
    from reports.models import AnnualReport
    from reports.rendering import render_report_pdf, report_html

    started = time.perf_counter()
    seeded = seed_large_alliance()
    seed_meeting_details()
    print(f"seed: {seeded} ({time.perf_counter() - started:.1f} s)")
    year = timezone.localdate().year - 1

    projects = Project.objects.published().count()
    small = snapshot_queries(year)
    larger_projects, larger = queries_at_larger_size(year)

    # Warm-up (fonts, templates) on a short document, so neither measurement pays for it.
    from reports.snapshot import build_snapshot

    warm = build_snapshot(year=year)
    warm["projects"]["table"] = warm["projects"]["table"][:10]
    warm["version"] = 0
    render_report_pdf(report_html(warm))

    # The whole job, as the Celery task runs it.
    t0 = time.perf_counter()
    report = services.report_request(actor=None, year=year, queue=False)
    services.report_render(report_id=report.pk)
    job_seconds = time.perf_counter() - t0
    report = AnnualReport.objects.get(pk=report.pk)
    if report.state != AnnualReport.State.DONE:
        sys.exit(f"report ended {report.state}: {report.error}")

    # WeasyPrint alone, on the same final HTML (rendered again from the stored snapshot).
    html = report_html(report.snapshot)
    t1 = time.perf_counter()
    rendered = render_report_pdf(html)
    weasy_seconds = time.perf_counter() - t1

    ratio = job_seconds / weasy_seconds
    rss = peak_rss_mb()
    print(f"year: {year}, report {report} ({report.pdf.path})")
    print(f"whole job: {job_seconds:.2f} s")
    print(f"WeasyPrint alone: {weasy_seconds:.2f} s")
    print(f"ratio: {ratio:.3f} (target <= {TARGETS['ratio']})")
    print(f"pages: {report.page_count} (WeasyPrint alone: {rendered.page_count})")
    print(f"PDF bytes: {report.size}")
    print(f"peak RSS: {rss:.0f} MB (target <= {TARGETS['rss_mb']})")
    print(
        f"snapshot queries: {small} with {projects} projects, "
        f"{larger} with {larger_projects} projects"
    )
    ok = ratio <= TARGETS["ratio"] and rss <= TARGETS["rss_mb"] and small == larger
    print("targets met" if ok else "TARGETS MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
