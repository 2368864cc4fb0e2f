"""Browser test helpers: axe-core for WCAG 2.0/2.1 A/AA, the Nu HTML checker for valid HTML."""

import atexit
import functools
import json
import socket
import subprocess
import time
import urllib.request
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


@functools.cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Runs axe-core in the page. Injected through the DevTools protocol, so the page's
    Content Security Policy (no inline script) stays in force during the test; once per
    document, as a second check of the same page (another width) finds it there. Only the
    violations are collected in full: the details of passed rules cost a third of the run."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        })""",
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


class _Checker:
    """The Nu HTML checker as a local HTTP service, started once per test process: a JVM
    per document cost 2 to 6 seconds (start-up and schema loading), a request to the running
    service about 0.1 s. Bound to 127.0.0.1 on a free port, stopped when the process ends."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> str:
        if self.process is not None and self.process.poll() is None:
            return self.url
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(  # noqa: S603 - fixed command, no shell
            [
                "java",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        atexit.register(self.process.terminate)
        self.url = f"http://127.0.0.1:{port}/?out=json"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the Nu HTML checker stopped while starting")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    return self.url
            except OSError:
                time.sleep(0.25)
        raise RuntimeError("the Nu HTML checker did not start within 120 s")

    def check(self, html: str) -> list[dict]:
        request = urllib.request.Request(  # noqa: S310 - the local checker's http URL
            self.start(),
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return json.loads(response.read())["messages"]


_checker = _Checker()


def html_errors(html: str) -> list[dict]:
    return [m for m in _checker.check(html) if m.get("type") == "error"]


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
