"""One date convention across the portal (README "UI conventions"): templates name a format,
Python code uses core.dates, so a page added later cannot bring its own date style."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template import Context, Template

from core import dates

ROOT = Path(__file__).resolve().parents[2]
NAMED = {"DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"}
NAMED_TIME = {"TIME_FORMAT"}
# Machine formats are fine where machines read them: a <time datetime="..."> attribute.
MACHINE = {"c", "Y-m-d", r"Y-m-d\TH:i:sO"}
FILTER = re.compile(r"\|(date|time|iso_date)(?::(\"[^\"]*\"|'[^']*'|\w+))?")
BERLIN = ZoneInfo("Europe/Berlin")


def template_files():
    for path in ROOT.rglob("templates/**/*"):
        parts = set(path.relative_to(ROOT).parts)
        if path.is_file() and not parts & {".venv", "node_modules", "tests"}:
            yield path


def test_templates_use_named_date_formats_only():
    offenders = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for match in FILTER.finditer(text):
            fmt = (match.group(2) or "").strip("\"'")
            allowed = NAMED_TIME if match.group(1) == "time" else NAMED
            if not fmt or fmt in allowed:
                continue
            before = text[max(0, match.start() - 80) : match.start()]
            if fmt in MACHINE and re.search(r'datetime="[^"]*$', before):
                continue
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offenders, "ad-hoc date formats (use a named format):\n" + "\n".join(offenders)


def test_python_code_writes_dates_through_core_dates():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if set(rel.parts) & {".venv", "node_modules", "tests", "migrations", "bench"}:
            continue
        if rel.as_posix() in {
            "core/dates.py",  # the convention itself
            "core/management/commands/backup.py",  # a backup folder's machine name
            "reports/templatetags/report_pdf.py",  # iso_date passes a named format on
        }:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"strftime\(|date_format\(|time_format\(|date_filter\(", text):
            offenders.append(f"{rel}: {text[match.start() : match.start() + 40]}")
    assert not offenders, "\n".join(offenders)


def test_the_convention_reads_as_documented(settings):
    moment = datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC)  # 08:00 in Magdeburg
    assert dates.date_text(datetime.date(2026, 12, 1)) == "1. Dezember 2026"
    assert dates.date_short(datetime.date(2026, 12, 1)) == "01.12.2026"
    assert dates.datetime_text(moment) == "1. Dezember 2026, 08:00 Uhr"
    assert dates.datetime_short(moment) == "01.12.2026, 08:00 Uhr"
    assert dates.time_text(moment) == "08:00 Uhr"
    assert dates.spreadsheet_datetime(moment) == "01.12.2026 08:00"
    html = Template(
        '{{ d|date:"SHORT_DATE_FORMAT" }} | {{ d|date:"DATE_FORMAT" }} | '
        '{{ m|date:"SHORT_DATETIME_FORMAT" }} | {{ m|date:"DATETIME_FORMAT" }}'
    ).render(Context({"d": datetime.date(2026, 12, 1), "m": moment}))
    assert html == (
        "01.12.2026 | 1. Dezember 2026 | 01.12.2026, 08:00 Uhr | 1. Dezember 2026, 08:00 Uhr"
    )


def test_an_event_names_its_unit_once():
    start = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=BERLIN)
    same_day = Template("{% load portal %}{% event_time s e %}").render(
        Context({"s": start, "e": start.replace(hour=10)})
    )
    assert re.sub(r"<[^>]+>", "", same_day) == "Dienstag, 1. Dezember 2026, 08:00–10:00 Uhr"
    assert 'datetime="2026-12-01T08:00:00+01:00"' in same_day
    two_days = Template("{% load portal %}{% event_time s e text=True %}").render(
        Context({"s": start, "e": start + datetime.timedelta(days=1)})
    )
    assert two_days == (
        "Dienstag, 1. Dezember 2026, 08:00 Uhr – Mittwoch, 2. Dezember 2026, 08:00 Uhr"
    )
