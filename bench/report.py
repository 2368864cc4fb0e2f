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
        .venv/bin/python bench/report.py [--repeat 2] [--force]

The job and WeasyPrint alone each run in a fresh process (as a worker task would), so peak RSS
is that of one job and neither measurement inherits the other's caches.

It refuses to run against a database holding anything but benchmark data unless --force.
"""

import argparse
import datetime
import json
import resource
import subprocess
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


def seed_bench_decisions(year: int, count: int = 60) -> int:
    """Decided proposals in the report's year, once the decisions feature (issue 6) exists."""
    from django.apps import apps
    from django.utils import timezone

    from partners.models import Body

    try:
        proposal = apps.get_model("decisions", "Proposal")
    except LookupError:
        return 0
    existing = proposal.objects.filter(title__startswith="Bench-Beschluss").count()
    if existing:
        return existing
    plenary = Body.objects.get(kind=Body.Kind.PLENARY)
    tz = timezone.get_current_timezone()
    # bench/alliance.py's seed_decisions already numbered decisions of this year through the
    # decisions services (also when bench/web.py seeded this database): continue after the
    # highest number and move the counter on, so no number is given twice.
    counter_model = apps.get_model("decisions", "DecisionCounter")
    prefix = f"KA-{year}-"
    taken = [
        int(number[len(prefix) :])
        for number in proposal.objects.filter(number__startswith=prefix).values_list(
            "number", flat=True
        )
        if number[len(prefix) :].isdigit()
    ]
    start = max(taken, default=0)
    proposal.objects.bulk_create(
        proposal(
            title=f"Bench-Beschluss {i:02d}: gemeinsamer Leitfaden",
            text="Die Allianz **beschließt** einen gemeinsamen Schritt.",
            body=plenary,
            procedure="umlauf",
            deadline=datetime.datetime(year, 1 + i % 12, 10, 12, tzinfo=tz),
            decided_at=datetime.datetime(year, 1 + i % 12, 12, 12, tzinfo=tz),
            state="angenommen" if i % 5 else "nicht_angenommen",
            number=f"{prefix}{start + i + 1:02d}",
            consent_count=40 - i % 5,
            abstain_count=i % 3,
            objection_count=0 if i % 5 else 1,
        )
        for i in range(count)
    )
    counter_model.objects.update_or_create(year=year, defaults={"last_number": start + count})
    return count


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

    from partners.models import Body, Partner
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


def child_job(year: int) -> dict:
    """One whole job in this fresh process, as a worker runs the task."""
    from reports import services
    from reports.models import AnnualReport

    t0, c0 = time.perf_counter(), time.process_time()
    report = services.report_request(actor=None, year=year, queue=False)
    services.report_render(report_id=report.pk)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    report = AnnualReport.objects.get(pk=report.pk)
    if report.state != AnnualReport.State.DONE:
        sys.exit(f"report ended {report.state}: {report.error}")
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_mb": peak_rss_mb(),
        "report_id": report.pk,
        "pages": report.page_count,
        "bytes": report.size,
        "path": report.pdf.path,
    }


def child_weasyprint(report_id: int) -> dict:
    """WeasyPrint alone, in this fresh process, on the report's final HTML (from its snapshot)."""
    from reports.models import AnnualReport
    from reports.rendering import render_report_pdf, report_html

    html = report_html(AnnualReport.objects.get(pk=report_id).snapshot)
    t0, c0 = time.perf_counter(), time.process_time()
    rendered = render_report_pdf(html)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu": cpu, "rss_mb": peak_rss_mb(), "pages": rendered.page_count}


def run_child(*args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="run on a non-benchmark database")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each (fastest counts)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    django_setup(require_postgres=True)
    if args.child:
        kind, value = args.child
        result = child_job(int(value)) if kind == "job" else child_weasyprint(int(value))
        print(json.dumps(result))
        return
    refuse_foreign_data(args.force)

    from django.utils import timezone, translation

    from projects.models import Project
    from reports.rendering import report_html
    from reports.snapshot import build_snapshot

    started = time.perf_counter()
    seeded = seed_large_alliance()
    seed_meeting_details()
    year = timezone.localdate().year - 1
    decisions = seed_bench_decisions(year)
    print(
        f"seed: {seeded}, decisions in {year}: {decisions} ({time.perf_counter() - started:.1f} s)"
    )

    projects = Project.objects.published().count()
    small = snapshot_queries(year)
    larger_projects, larger = queries_at_larger_size(year)

    # Each measurement in a fresh process (like a worker task), alternating; fastest counts.
    jobs, alone = [], []
    for _ in range(args.repeat):
        jobs.append(run_child("job", str(year)))
        alone.append(run_child("weasyprint", str(jobs[-1]["report_id"])))
    job = min(jobs, key=lambda r: r["seconds"])
    weasy = min(alone, key=lambda r: r["seconds"])
    job_rss = max(r["rss_mb"] for r in jobs)
    weasy_rss = max(r["rss_mb"] for r in alone)
    ratio = job["seconds"] / weasy["seconds"]

    # Where the job spends time besides WeasyPrint (measured separately here).
    with translation.override("de"):
        t0 = time.perf_counter()
        data = build_snapshot(year=year)
        snapshot_seconds = time.perf_counter() - t0
        data["version"] = 1
        t1 = time.perf_counter()
        report_html(data)
        html_seconds = time.perf_counter() - t1

    print(f"year: {year}, last report file {jobs[-1]['path']}")
    print(
        f"runs (wall s): job {[round(r['seconds'], 2) for r in jobs]}, "
        f"WeasyPrint {[round(r['seconds'], 2) for r in alone]}"
    )
    print(f"whole job: {job['seconds']:.2f} s (CPU {job['cpu']:.2f} s)")
    print(f"WeasyPrint alone: {weasy['seconds']:.2f} s (CPU {weasy['cpu']:.2f} s)")
    print(
        f"ratio: {ratio:.3f} (target <= {TARGETS['ratio']}; "
        f"CPU ratio {job['cpu'] / weasy['cpu']:.3f})"
    )
    print(f"of the job: snapshot {snapshot_seconds:.2f} s, HTML {html_seconds:.2f} s")
    print(f"pages: {job['pages']} (WeasyPrint alone: {weasy['pages']})")
    print(f"PDF bytes: {job['bytes']}")
    print(
        f"peak RSS: {job_rss:.0f} MB for the job process (target <= {TARGETS['rss_mb']}), "
        f"{weasy_rss:.0f} MB for WeasyPrint alone"
    )
    print(
        f"snapshot queries: {small} with {projects} projects, "
        f"{larger} with {larger_projects} projects"
    )
    ok = ratio <= TARGETS["ratio"] and job_rss <= TARGETS["rss_mb"] and small == larger
    print("targets met" if ok else "TARGETS MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
