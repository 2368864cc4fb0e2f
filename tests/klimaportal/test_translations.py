"""The German catalogues compile and every message of the portal is translated."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    [
        *(
            p
            for p in ROOT.glob("**/locale/de/LC_MESSAGES/django.po")
            if ".venv" not in p.parts and "node_modules" not in p.parts
        ),
        # Formal-German overrides for django-allauth (see LOCALE_PATHS).
        ROOT / "locale_allauth" / "de" / "LC_MESSAGES" / "django.po",
    ]
)


def test_there_is_a_catalogue():
    assert ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_compiles_completely(po):
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt (gettext) is required to build the German catalogue")
    proc = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "untranslated" not in proc.stderr, proc.stderr
    assert "fuzzy" not in proc.stderr, proc.stderr
