"""One mail path: nothing in the portal talks to a mail backend but the outbox."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_mail_is_sent_outside_the_outbox():
    """Only core/mail.py talks to a mail backend (django.core.mail)."""
    offenders = []
    skipped = {"tests", "bench", "var", "node_modules", "static", "templates"}
    tops = [p for p in ROOT.iterdir() if p.is_dir() and p.name not in skipped]
    for path in (p for top in tops if not top.name.startswith(".") for p in top.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "core/mail.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "django.core.mail"
            ):
                offenders.append(f"{relative}:{node.lineno}")
            elif isinstance(node, ast.ImportFrom) and node.module == "django.core":
                if any(alias.name == "mail" for alias in node.names):
                    offenders.append(f"{relative}:{node.lineno}")
            elif isinstance(node, ast.Import) and any(
                alias.name.startswith("django.core.mail") for alias in node.names
            ):
                offenders.append(f"{relative}:{node.lineno}")
    assert not offenders, offenders
