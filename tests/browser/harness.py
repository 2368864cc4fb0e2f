"""Browser test helpers: axe-core for WCAG 2.0/2.1 A/AA, the Nu HTML checker for valid HTML."""

import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Runs axe-core in the page. Injected through the DevTools protocol, so the page's
    Content Security Policy (no inline script) stays in force during the test."""
    page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core violations on {page.url}:\n{format_violations(violations)}"


def html_errors(html: str) -> list[dict]:
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as f:
        f.write(html)
        path = f.name
    try:
        proc = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", path],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        Path(path).unlink(missing_ok=True)
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") == "error"]


def assert_valid_html(html: str, where: str = "") -> None:
    errors = html_errors(html)
    report = "\n".join(
        f"line {e.get('lastLine')}: {e.get('message')} | {e.get('extract', '').strip()}"
        for e in errors
    )
    assert not errors, f"HTML errors {where}:\n{report}"


def assert_page_ok(page) -> None:
    """axe-core clean and valid HTML (the HTML as the server sent it)."""
    assert_accessible(page)
    response_html = page.context.request.get(page.url).text()
    assert_valid_html(response_html, where=page.url)
