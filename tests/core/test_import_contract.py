"""The one-way layers of DESIGN.md hold, and the contract really catches a new cycle."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_contract(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / ".importlinter")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def packages() -> list[str]:
    config = (ROOT / ".importlinter").read_text()
    block = config.split("root_packages =", 1)[1].split("\n\n", 1)[0].split("include_", 1)[0]
    return block.split()


def copy_sources(target: Path) -> None:
    shutil.copy(ROOT / ".importlinter", target / ".importlinter")
    for package in packages():
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "locale"),
        )


def test_the_layers_hold():
    proc = run_contract(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BROKEN" not in proc.stdout


def test_every_app_is_in_the_contract():
    from django.apps import apps

    ours = {config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()}
    assert ours <= set(packages()), ours - set(packages())


def test_an_upward_import_breaks_the_contract(tmp_path):
    copy_sources(tmp_path)
    # core is the floor: a helper that reaches up into a feature app is a new cycle.
    with (tmp_path / "core" / "numbers.py").open("a") as module:
        module.write("\nfrom partners import models as _forbidden  # noqa\n")
    proc = run_contract(tmp_path)
    assert proc.returncode != 0
    assert "core is not allowed to import partners" in proc.stdout


def test_an_import_between_siblings_breaks_the_contract(tmp_path):
    copy_sources(tmp_path)
    with (tmp_path / "news" / "models.py").open("a") as module:
        module.write("\nfrom projects import models as _forbidden  # noqa\n")
    proc = run_contract(tmp_path)
    assert proc.returncode != 0
    assert "news is not allowed to import projects" in proc.stdout
