"""Row locks name the locked table. PostgreSQL refuses FOR UPDATE on the nullable side of an
outer join, which a `select_related()` of a nullable relation (or a queryset method that adds
one later) brings in; SQLite ignores FOR UPDATE, so only CI's PostgreSQL would notice."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "accounts",
    "core",
    "decisions",
    "meetings",
    "news",
    "partners",
    "portal",
    "projects",
    "reports",
]


def test_every_select_for_update_locks_only_its_own_rows():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                for call in re.findall(r"select_for_update\(([^)]*)\)", line):
                    if "of=" not in call:
                        offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, "select_for_update() without of=('self',): " + ", ".join(offenders)
