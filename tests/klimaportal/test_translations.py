"""The German catalogue compiles and every message of the portal is translated."""

import shutil
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_catalogue_compiles_completely():
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt (gettext) is required to build the German catalogue")
    proc = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "untranslated" not in proc.stderr, proc.stderr
    assert "fuzzy" not in proc.stderr, proc.stderr
