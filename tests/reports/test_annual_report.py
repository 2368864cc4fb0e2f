"""Annual report: snapshot figures, rendering, task reliability, stale check, views."""

import contextlib
import datetime
import json
import socket
import threading
from decimal import Decimal

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.pdf import render_pdf_document
from partners.models import Partner
from reports import services, snapshot
from reports.models import AnnualReport
from reports.rendering import report_html
from reports.snapshot import build_snapshot
from reports.tasks import render_annual_report
from tests.factories import ProjectFactory, StaffUserFactory
from tests.reports.helpers import (
    YEAR,
    assert_tagged_german,
    done_report,
    embedded_fonts,
    expected_key_figures,
    moment,
    pdf_reader,
    pdf_text,
    seed_alliance,
)

pytestmark = pytest.mark.usefixtures("eager_celery")


def render_new(year=YEAR, outlook=""):
    report = services.report_request(actor=None, year=year, outlook=outlook, queue=False)
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    return report


# Snapshot ---------------------------------------------------------------------------------


def test_snapshot_key_figures_match_the_database(db):
    seed_alliance()
    data = build_snapshot(year=YEAR, outlook="Ausblick")
    json.dumps(data)  # JSON-serialisable as stored
    figures = data["key_figures"]
    for key, value in expected_key_figures().items():
        assert figures[key] == value, key
    assert figures["decisions"] == len(data["decisions"]["list"])
    assert [p["name"] for p in data["partners"]["new_signatories"]] == [
        "Neupartner 0",
        "Neupartner 1",
    ]
    assert data["partners"]["withdrawals"] == [{"name": "Ausgetreten 0", "left_on": "2025-06-30"}]
    assert {row["label"]: row["count"] for row in data["partners"]["by_kind"]} == {
        str(Partner.Kind.COMPANY.label): 3,
        str(Partner.Kind.ASSOCIATION.label): 2,
    }
    projects = data["projects"]
    assert len(projects["table"]) == 4
    assert "Entwurf" not in {row["title"] for row in projects["table"]}
    first = next(row for row in projects["table"] if row["title"] == "Projekt 0")
    assert first["lead"] == "Altpartner 0" and first["partners"] == ["Altpartner 1"]
    assert first["expected"] == "100.5" and first["achieved"] == "80.2"
    assert sum(row["projects"] for row in projects["by_field_of_action"]) == 4
    meetings = data["meetings"]
    assert meetings["held"] == 2 and meetings["attendance"] == 6
    assert meetings["partners_present"] == 3
    assert meetings["list"][0]["circles"][0]["next_steps"] == "Leitfaden bis Juni."
    assert len(data["action_items"]["open_list"]) == 2
    # Partners without any project (the commitment status).
    assert "Neupartner 1" not in data["commitment"]["without_project"]
    assert data["outlook"] == "Ausblick"


def test_snapshot_query_count_does_not_depend_on_data_size(db):
    seed_alliance(scale=1, prefix="A ")
    with CaptureQueriesContext(connection) as small:
        build_snapshot(year=YEAR)
    seed_alliance(scale=4, prefix="B ")
    with CaptureQueriesContext(connection) as large:
        data = build_snapshot(year=YEAR)
    assert data["key_figures"]["projects"] == 20
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_snapshot_of_a_year_without_decisions_says_so(db):
    data = build_snapshot(year=YEAR)
    assert data["decisions"]["available"] is True and data["decisions"]["list"] == []
    assert "Keine Beschlüsse erfasst." in report_html({**data, "version": 1})


class FakeBody:
    name = "Allianzversammlung"


class FakeDecision:
    number = "KA-2025-01"
    decided_at = timezone.make_aware(datetime.datetime(2025, 5, 6, 18, 0))
    title = "Gemeinsamer Leitfaden Solardächer"
    body = FakeBody()
    body_id = 1
    state = "angenommen"
    consent_count = 12
    abstain_count = 2
    objection_count = 0

    def get_state_display(self):
        return "angenommen"


def test_snapshot_lists_the_decisions_of_the_year(db, monkeypatch):
    calls = []

    def register(*, year=None, body=None):
        calls.append(year)
        return [FakeDecision()]

    monkeypatch.setattr(snapshot, "decision_register", register)
    data = build_snapshot(year=YEAR)
    assert calls == [YEAR]
    listed = [{k: d[k] for k in list(d)[:9] if k != "adopted"} for d in data["decisions"]["list"]]
    assert listed == [
        {
            "number": "KA-2025-01",
            "date": "2025-05-06T18:00:00+02:00",
            "title": "Gemeinsamer Leitfaden Solardächer",
            "body": "Allianzversammlung",
            "result": "angenommen",
            "consent": 12,
            "abstain": 2,
            "objection": 0,
        }
    ]
    assert data["key_figures"]["decisions"] == 1
    html = report_html({**data, "version": 1})
    assert "KA-2025-01" in html and "06.05.2025" in html


def test_snapshot_uses_the_real_decision_register(db):
    from django.apps import apps

    from tests.factories import _plenary

    proposal = apps.get_model("decisions", "Proposal")
    common = {"text": "Text", "body": _plenary(), "procedure": "umlauf"}
    decided = [
        proposal.objects.create(
            title="Leitfaden Solardächer",
            state="angenommen",
            number="KA-2025-01",
            decided_at=moment(3),
            deadline=moment(3),
            consent_count=12,
            abstain_count=1,
            **common,
        ),
        proposal.objects.create(
            title="Gemeinsame Wärmestrategie",
            state="nicht_angenommen",
            number="KA-2025-02",
            decided_at=moment(9),
            deadline=moment(9),
            consent_count=8,
            objection_count=2,
            **common,
        ),
    ]
    proposal.objects.create(  # another year: not in the report
        title="Alt",
        state="angenommen",
        number="KA-2024-01",
        decided_at=moment(5, year=2024),
        deadline=moment(5, year=2024),
        **common,
    )
    data = build_snapshot(year=YEAR)
    assert data["decisions"]["available"] is True
    assert {p.number for p in snapshot.decision_register(year=YEAR)} == {"KA-2025-01", "KA-2025-02"}
    listed = data["decisions"]["list"]
    assert [d["number"] for d in listed] == ["KA-2025-01", "KA-2025-02"]  # in order of the year
    assert listed[0]["title"] == "Leitfaden Solardächer"
    assert (listed[0]["consent"], listed[0]["abstain"], listed[0]["objection"]) == (12, 1, 0)
    assert listed[1]["result"] == str(decided[1].get_state_display())
    assert listed[1]["objection"] == 2 and listed[0]["body"] == "Allianzversammlung"
    assert data["key_figures"]["decisions"] == 2
    text = report_html({**data, "version": 1})
    assert "KA-2025-02" in text and "Gemeinsame Wärmestrategie" in text


# Rendering --------------------------------------------------------------------------------


def test_rendered_pdf_is_tagged_german_with_contents_and_figures(db):
    seed_alliance()
    report = render_new(outlook="Wir planen **mehr Projekte**.")
    assert report.state == AnnualReport.State.DONE
    content = report.pdf.read()
    report.pdf.close()
    assert len(content) == report.size and report.page_count >= 8
    import hashlib

    assert hashlib.sha256(content).hexdigest() == report.sha256
    reader = pdf_reader(content)
    assert len(reader.pages) == report.page_count
    assert_tagged_german(reader)
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold"} <= embedded_fonts(reader)
    assert f"Jahresbericht {YEAR}" in str(reader.metadata.title)
    text = pdf_text(reader)
    assert f"Jahresbericht {YEAR}" in text
    assert "Inhalt" in text and "Kennzahlen" in text
    assert "402,0\xa0t" in text  # expected t CO2e/a of the four published projects
    assert "320,8\xa0t" in text  # achieved in the year
    assert "Wir planen mehr Projekte." in text
    assert "Seite 3 von" in text
    assert report.snapshot["key_figures"]["projects"] == 4


class ConnectionRecorder:
    """A local TCP server that counts connections (proves nothing was fetched)."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(5)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while self.running:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join(2)
        self.server.close()


@pytest.fixture
def recorder():
    server = ConnectionRecorder()
    yield server
    server.close()


def test_no_url_from_user_text_is_fetched(db, recorder):
    url = f"http://127.0.0.1:{recorder.port}/spion.png"
    ProjectFactory(
        title="Projekt mit Bild",
        description=f'<img src="{url}"> ![x](file:///etc/passwd) ![y]({url})',
    )
    outlook = f'<img src="{url}">\n\n![passwd](file:///etc/passwd)\n\n[Link]({url})'
    report = render_new(outlook=outlook)
    assert report.state == AnnualReport.State.DONE
    # The fetcher itself refuses both kinds of URL even in raw HTML.
    html = (
        f'<html lang="de"><head><title>x</title><link rel="stylesheet" href="{url}.css"></head>'
        f'<body><img src="{url}" alt="a"><img src="file:///etc/passwd" alt="b"></body></html>'
    )
    rendered = render_pdf_document(html)
    assert url in rendered.refused and "file:///etc/passwd" in rendered.refused
    assert f"{url}.css" in rendered.refused
    assert recorder.connections == 0


# Versions, idempotency, atomic write ---------------------------------------------------------


def test_versions_count_up_per_year_and_old_ones_stay(db):
    first = render_new()
    second = render_new()
    other = services.report_request(actor=None, year=YEAR - 1, queue=False)
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.pdf.name != second.pdf.name
    first.refresh_from_db()
    assert first.state == AnnualReport.State.DONE and first.pdf.storage.exists(first.pdf.name)


def test_request_refuses_a_future_year(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_request(actor=None, year=timezone.localdate().year + 1)


def test_a_finished_report_is_not_rendered_again(db):
    report = render_new()
    assert render_annual_report.delay(report.pk).get() == "skipped"
    again = AnnualReport.objects.get(pk=report.pk)
    assert (again.sha256, again.attempts, again.pdf.name) == (
        report.sha256,
        1,
        report.pdf.name,
    )


def test_a_report_left_in_progress_by_a_lost_worker_renders_again(db):
    report = services.report_request(actor=None, year=YEAR, queue=False)
    AnnualReport.objects.filter(pk=report.pk).update(
        state=AnnualReport.State.RUNNING, attempts=1, started_at=timezone.now()
    )
    assert render_annual_report.delay(report.pk).get() == AnnualReport.State.DONE
    report.refresh_from_db()
    assert report.state == AnnualReport.State.DONE and report.attempts == 2
    assert report.pdf.name.endswith("-2.pdf")


def test_a_deleted_report_is_skipped(db):
    assert render_annual_report.delay(999_999).get() == "skipped"


def test_atomic_write_never_leaves_a_half_file(settings, monkeypatch):
    name = "reports/atomic.pdf"
    services.write_atomically(name, b"old complete file")
    path = settings.MEDIA_ROOT / name

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(services.os, "replace", broken_replace)
    with pytest.raises(OSError):
        services.write_atomically(name, b"new file that is never complete")
    assert path.read_bytes() == b"old complete file"
    assert [p.name for p in path.parent.iterdir()] == ["atomic.pdf"]  # no temporary file left


def test_a_slower_attempt_does_not_overwrite_a_later_one(db, monkeypatch, settings):
    """If the stale check re-queued a report while the first worker still finished, only the
    latest attempt's file and figures count."""
    report = services.report_request(actor=None, year=YEAR, queue=False)
    original = services.write_atomically

    def write_then_take_over(name, content):
        result = original(name, content)
        AnnualReport.objects.filter(pk=report.pk).update(attempts=5)
        return result

    monkeypatch.setattr(services, "write_atomically", write_then_take_over)
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.RUNNING and not report.pdf
    assert not list((settings.MEDIA_ROOT / "reports").glob("*.pdf"))  # its file was removed


# Errors -----------------------------------------------------------------------------------


def test_a_permanent_error_fails_the_report_with_the_reason(db, monkeypatch):
    from reports import rendering

    def broken(html):
        raise ValueError("kaputte Vorlage")

    monkeypatch.setattr(rendering, "render_report_pdf", broken)
    report = services.report_request(actor=None, year=YEAR, queue=False)
    assert render_annual_report.delay(report.pk).get() == "failed"
    report.refresh_from_db()
    assert report.state == AnnualReport.State.FAILED
    assert "ValueError: kaputte Vorlage" in report.error
    assert report.attempts == 1 and report.finished_at is not None


def test_the_soft_time_limit_fails_the_report(db, monkeypatch):
    from reports import rendering

    def slow(html):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(rendering, "render_report_pdf", slow)
    report = services.report_request(actor=None, year=YEAR, queue=False)
    render_annual_report.delay(report.pk)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.FAILED
    assert "Sekunden" in report.error


def test_transient_storage_errors_are_retried_then_fail(db, monkeypatch):
    calls = []

    def no_disk(name, content):
        calls.append(name)
        raise OSError("storage unavailable")

    monkeypatch.setattr(services, "write_atomically", no_disk)
    report = services.report_request(actor=None, year=YEAR, queue=False)
    with contextlib.suppress(OSError):  # eager mode may propagate the last retry's error
        render_annual_report.delay(report.pk)
    report.refresh_from_db()
    assert len(calls) == 1 + render_annual_report.max_retries
    assert report.state == AnnualReport.State.FAILED
    assert "OSError: storage unavailable" in report.error


def test_transient_error_then_success(db, monkeypatch):
    original = services.write_atomically
    calls = []

    def flaky(name, content):
        calls.append(name)
        if len(calls) == 1:
            raise OSError("busy")
        return original(name, content)

    monkeypatch.setattr(services, "write_atomically", flaky)
    report = services.report_request(actor=None, year=YEAR, queue=False)
    render_annual_report.delay(report.pk)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.DONE and report.attempts == 2


def test_task_options_for_reliability():
    task = render_annual_report
    assert task.acks_late is True and task.reject_on_worker_lost is True
    assert task.max_retries >= 1 and task.retry_backoff
    assert task.soft_time_limit < task.time_limit
    from django.db import InterfaceError, OperationalError

    assert {OperationalError, InterfaceError, OSError} <= set(task.autoretry_for)


def test_the_stale_check_runs_every_few_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-stale-check"]
    assert entry["task"] == "reports.requeue_stale_reports"
    assert settings.REPORT_STALE_AFTER_SECONDS > settings.CELERY_TASK_TIME_LIMIT


# Stale check ------------------------------------------------------------------------------


def stale_report(state, *, attempts=1, age_seconds=None, settings=None):
    report = services.report_request(actor=None, year=YEAR, queue=False)
    moment = timezone.now() - datetime.timedelta(seconds=age_seconds)
    AnnualReport.objects.filter(pk=report.pk).update(
        state=state, attempts=attempts, started_at=moment, queued_at=moment
    )
    return report


def test_stale_check_requeues_a_report_lost_in_progress(
    db, settings, django_capture_on_commit_callbacks
):
    old = settings.REPORT_STALE_AFTER_SECONDS + 60
    lost = stale_report(AnnualReport.State.RUNNING, age_seconds=old)
    lost_queued = stale_report(AnnualReport.State.QUEUED, attempts=0, age_seconds=old)
    busy = stale_report(AnnualReport.State.RUNNING, age_seconds=30)
    waiting = stale_report(AnnualReport.State.QUEUED, attempts=0, age_seconds=30)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = services.requeue_stale_reports()
    assert sorted(result["requeued"]) == sorted([lost.pk, lost_queued.pk])
    assert result["failed"] == [] and len(callbacks) == 2
    lost.refresh_from_db()
    lost_queued.refresh_from_db()
    assert lost.state == AnnualReport.State.DONE and lost.attempts == 2
    assert lost_queued.state == AnnualReport.State.DONE
    busy.refresh_from_db()
    waiting.refresh_from_db()
    assert busy.state == AnnualReport.State.RUNNING
    assert waiting.state == AnnualReport.State.QUEUED


def test_stale_check_fails_a_report_after_three_attempts(db, settings):
    old = settings.REPORT_STALE_AFTER_SECONDS + 60
    report = stale_report(AnnualReport.State.RUNNING, attempts=3, age_seconds=old)
    result = services.requeue_stale_reports()
    assert result == {"requeued": [], "failed": [report.pk]}
    report.refresh_from_db()
    assert report.state == AnnualReport.State.FAILED
    assert "3 Versuchen" in report.error


def test_stale_check_task(db):
    from reports.tasks import requeue_stale_reports

    assert requeue_stale_reports.delay().get() == {"requeued": [], "failed": []}


# Management command -----------------------------------------------------------------------


def test_command_renders_synchronously(db, capsys):
    seed_alliance()
    call_command("render_annual_report", "--year", str(YEAR), "--outlook", "Mehr Projekte.")
    out = capsys.readouterr().out
    report = AnnualReport.objects.get()
    assert report.state == AnnualReport.State.DONE
    assert f"path: {report.pdf.path}" in out
    assert f"pages: {report.page_count}" in out
    assert f"bytes: {report.size}" in out
    assert f"sha256: {report.sha256}" in out


# Views and permissions --------------------------------------------------------------------


@pytest.fixture
def clients(client, django_user_model, contact_user, staff_user):
    from django.test import Client

    contact = Client()
    contact.force_login(contact_user)
    staff = Client()
    staff.force_login(staff_user)
    return {"anonymous": client, "contact": contact, "staff": staff}


def test_staff_pages_by_role(clients, db):
    report = done_report()
    urls = [
        ("get", "/stabsstelle/berichte/"),
        ("post", "/stabsstelle/berichte/"),
        ("get", f"/stabsstelle/berichte/{report.pk}/pdf/"),
        ("post", f"/stabsstelle/berichte/{report.pk}/veroeffentlichen/"),
        ("post", f"/stabsstelle/berichte/{report.pk}/zurueckziehen/"),
    ]
    for method, url in urls:
        response = getattr(clients["anonymous"], method)(url)
        assert response.status_code == 302 and "/konto/login/" in response.url, url
        assert getattr(clients["contact"], method)(url).status_code == 403, url
    staff = clients["staff"]
    assert staff.get("/stabsstelle/berichte/").status_code == 200
    assert staff.get(f"/stabsstelle/berichte/{report.pk}/pdf/").status_code == 200
    assert staff.get(f"/stabsstelle/berichte/{report.pk}/veroeffentlichen/").status_code == 405
    assert staff.post(f"/stabsstelle/berichte/{report.pk}/veroeffentlichen/").status_code == 302
    report.refresh_from_db()
    assert report.published and report.published_at
    assert staff.post(f"/stabsstelle/berichte/{report.pk}/zurueckziehen/").status_code == 302
    report.refresh_from_db()
    assert not report.published and report.published_at is None
    assert AnnualReport.objects.count() == 1  # no report was started by anyone without the role


def test_public_download_only_when_published(clients, db):
    report = done_report(year=2024)
    url = f"/berichte/{report.pk}/pdf/"
    for role in ("anonymous", "contact"):
        assert clients[role].get(url).status_code == 404, role
        assert "2024" not in clients[role].get("/berichte/").content.decode()
    response = clients["staff"].get(url)
    assert response.status_code == 200
    services.report_publish(actor=None, report=report)
    for role in ("anonymous", "contact", "staff"):
        # The old id-based link moved to the year's address for good.
        response = clients[role].get(url)
        assert response.status_code == 301, role
        assert response["Location"] == "/berichte/2024/bericht.pdf"
        response = clients[role].get(response["Location"])
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "jahresbericht-klimaallianz-magdeburg-2024-v1.pdf" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        page = clients[role].get("/berichte/").content.decode()
        assert "/berichte/2024/bericht.pdf" in page and "/berichte/2024/" in page


def test_unfinished_report_cannot_be_published_or_downloaded(clients, db):
    report = services.report_request(actor=None, year=YEAR, queue=False)
    staff = clients["staff"]
    assert staff.get(f"/stabsstelle/berichte/{report.pk}/pdf/").status_code == 404
    response = staff.post(f"/stabsstelle/berichte/{report.pk}/veroeffentlichen/", follow=True)
    assert "Nur ein fertiger Bericht" in response.content.decode()
    report.refresh_from_db()
    assert not report.published


def test_public_list_shows_size_and_date_in_german(client, db):
    report = done_report(year=2024, published=True)
    AnnualReport.objects.filter(pk=report.pk).update(size=1_234_567)
    page = client.get("/berichte/").content.decode()
    assert "1,2\xa0MB" in page
    assert "Berichte" in client.get("/").content.decode()


def test_staff_start_a_report_through_the_page(clients, db, django_capture_on_commit_callbacks):
    seed_alliance()
    staff = clients["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/stabsstelle/berichte/", {"year": str(YEAR), "outlook": "**Ausblick**"}
        )
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert report.state == AnnualReport.State.DONE
    assert report.outlook == "**Ausblick**"
    page = staff.get("/stabsstelle/berichte/").content.decode()
    assert "fertig" in page.lower() or "Fertig" in page
    assert 'http-equiv="refresh"' not in page


def test_staff_page_refreshes_while_a_report_is_pending(clients, db):
    services.report_request(actor=None, year=YEAR, queue=False)
    staff = clients["staff"]
    page = staff.get("/stabsstelle/berichte/").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    page = staff.get("/stabsstelle/berichte/?aktualisieren=aus").content.decode()
    assert 'http-equiv="refresh"' not in page


def test_staff_form_errors_keep_input(clients, db):
    staff = clients["staff"]
    response = staff.post("/stabsstelle/berichte/", {"year": "1850", "outlook": "Text bleibt"})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert "Text bleibt" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_published_report_must_be_done(db):
    from django.db import IntegrityError, transaction

    report = services.report_request(actor=None, year=YEAR, queue=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk).update(published=True)


# PostgreSQL: concurrent version numbers -----------------------------------------------------


@pytest.mark.postgres
def test_concurrent_requests_get_distinct_versions(transactional_db):
    staff = StaffUserFactory()
    barrier = threading.Barrier(4)
    errors = []

    def request():
        try:
            barrier.wait()
            services.report_request(actor=staff, year=YEAR, queue=False)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = sorted(AnnualReport.objects.filter(year=YEAR).values_list("version", flat=True))
    assert versions == [1, 2, 3, 4]


def test_decimal_strings_in_snapshot(db):
    ProjectFactory(expected_reduction=Decimal("0.1"))
    data = build_snapshot(year=YEAR)
    assert data["key_figures"]["expected"] == "0.1"


def test_an_unreachable_broker_leaves_the_report_for_the_stale_check(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(render_annual_report, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=None, year=YEAR)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.QUEUED  # no error for the user; re-queued later


def test_dashboard_section(db):
    from django.template.loader import render_to_string

    from reports.selectors import staff_dashboard

    done_report(year=2024, published=True)
    html = render_to_string("reports/includes/dashboard_section.html", staff_dashboard())
    assert "2024, Version 1: fertig" in html and "/stabsstelle/berichte/" in html


def test_admin_shows_reports_read_only(client, db, django_user_model):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    report = done_report()
    assert client.get("/admin/reports/annualreport/").status_code == 200
    page = client.get(f"/admin/reports/annualreport/{report.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get("/admin/reports/annualreport/add/").status_code == 403
