"""The annual report with a real Celery worker on Redis: the whole way, and a worker killed
with SIGKILL in the middle of a render."""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from core.numbers import format_tonnes
from klimaportal.celery import app as celery_app
from partners.models import Partner
from projects.selectors import totals
from reports import services
from reports.models import AnnualReport
from tests.factories import StaffUserFactory
from tests.reports.helpers import (
    YEAR,
    assert_tagged_german,
    pdf_reader,
    pdf_text,
    seed_alliance,
)

ROOT = Path(__file__).resolve().parents[2]


def wait_for(report_id: int, states: set[str], timeout: float = 120) -> AnnualReport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = AnnualReport.objects.get(pk=report_id)
        if report.state in states:
            return report
        time.sleep(0.05)
    raise AssertionError(f"report {report_id} still {report.state} after {timeout}s")


@pytest.mark.celery_worker
def test_staff_start_a_report_a_worker_renders_it_and_citizens_download_it(
    transactional_db, celery_on_redis
):
    from celery.contrib.testing.worker import start_worker

    seed_alliance()
    staff = Client()
    staff.force_login(StaffUserFactory())
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        response = staff.post("/stabsstelle/berichte/", {"year": str(YEAR), "outlook": "Mehr."})
        assert response.status_code == 302
        report = AnnualReport.objects.get()
        report = wait_for(report.pk, {AnnualReport.State.DONE, AnnualReport.State.FAILED})
    assert report.state == AnnualReport.State.DONE, report.error

    content = staff.get(f"/stabsstelle/berichte/{report.pk}/pdf/").getvalue()
    reader = pdf_reader(content)
    assert_tagged_german(reader)
    text = pdf_text(reader)
    assert f"Jahresbericht {YEAR}" in text
    # Key figures equal the database's.
    project_totals = totals(year=YEAR)
    assert format_tonnes(project_totals.expected) in text
    assert format_tonnes(project_totals.achieved) in text
    assert report.snapshot["key_figures"]["projects"] == project_totals.projects
    active = Partner.objects.filter(status=Partner.Status.ACTIVE).count()
    assert report.snapshot["key_figures"]["partners"] == active
    # The table of contents with page numbers.
    assert "Inhalt" in text
    for chapter in ("Kennzahlen", "Partner", "Projekte", "Ausblick"):
        assert re.search(rf"{chapter}\s*\.+\s*\d+", text), chapter

    # Publish: /berichte/ lists it and it downloads.
    assert staff.post(f"/stabsstelle/berichte/{report.pk}/veroeffentlichen/").status_code == 302
    citizen = Client()
    page = citizen.get("/berichte/").content.decode()
    assert f"/berichte/{YEAR}/bericht.pdf" in page and f"/berichte/{YEAR}/" in page
    # The old id-based link still arrives, permanently redirected to the year.
    old = citizen.get(f"/berichte/{report.pk}/pdf/")
    assert old.status_code == 301 and old["Location"] == f"/berichte/{YEAR}/bericht.pdf"
    response = citizen.get(old["Location"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == content


def start_worker_process(broker_url: str, log: Path) -> subprocess.Popen:
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": broker_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    env.pop("CELERY_RESULT_BACKEND", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "klimaportal",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.mark.postgres
@pytest.mark.celery_worker
def test_a_worker_killed_mid_render_does_not_leave_the_report_stuck(
    transactional_db, celery_on_redis, tmp_path
):
    seed_alliance(scale=3)
    report = services.report_request(actor=None, year=YEAR)  # queued to Redis on commit
    first = start_worker_process(celery_on_redis, tmp_path / "worker1.log")
    try:
        wait_for(report.pk, {AnnualReport.State.RUNNING}, timeout=60)
        first.send_signal(signal.SIGKILL)  # mid-render: WeasyPrint needs seconds
        first.wait(10)
    finally:
        stop(first)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.RUNNING and report.attempts == 1
    assert not report.pdf  # nothing half-written is served
    assert not list((Path(settings.MEDIA_ROOT) / "reports").glob("*.pdf"))

    # The periodic check, run as it would be once the stale time has passed.
    later = timezone.now() + datetime.timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS + 1)
    assert services.requeue_stale_reports(now=later)["requeued"] == [report.pk]
    report.refresh_from_db()
    assert report.state == AnnualReport.State.QUEUED

    second = start_worker_process(celery_on_redis, tmp_path / "worker2.log")
    try:
        report = wait_for(
            report.pk, {AnnualReport.State.DONE, AnnualReport.State.FAILED}, timeout=120
        )
    finally:
        stop(second)
    assert report.state == AnnualReport.State.DONE, (tmp_path / "worker2.log").read_text()
    assert report.attempts == 2
    with report.pdf.open("rb") as file:
        assert_tagged_german(pdf_reader(file.read()))
