"""Load benchmark of the public pages (issue 9).

Seeds a large alliance into PostgreSQL, starts gunicorn with the docker-compose command line on
loopback and drives it with wrk (Debian package `wrk`) for a bounded time per page, together
with the trivial floor view /healthz/live. Prints requests/s, p50/p99 latency, errors, the ratio
to the floor and the peak RSS of each gunicorn worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klimaportal_bench \\
    CACHE_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/web.py [--seconds 10] [--no-cache]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alliance import ROOT, django_setup, seed_large_alliance  # noqa: E402

CONCURRENCY = 20
TARGETS = {"p99_ms": 250, "ratio": 0.5, "rss_mb": 250}


def compose_web_command(port: int) -> list[str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = list(compose["services"]["web"]["command"])
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    return [str(ROOT / ".venv" / "bin" / command[0]), *command[1:]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_duration(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url: str, seconds: int) -> dict:
    proc = subprocess.run(
        ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{seconds}s", "--latency", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    out = proc.stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": parse_duration(latency["50"]),
        "p99": parse_duration(latency["99"]),
        "errors": errors,
    }


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="load time per page")
    parser.add_argument("--no-cache", action="store_true", help="PAGE_CACHE_SECONDS=0")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    django_setup()
    print("seeding:", seed_large_alliance())
    from projects.models import Project

    slug = Project.objects.published().order_by("pk").values_list("slug", flat=True)[700]
    pages = {
        "floor /healthz/live": "/healthz/live",
        "/": "/",
        "/projekte/": "/projekte/",
        "/projekte/?filters": "/projekte/?status=abgeschlossen&sort=minderung&q=Photovoltaik",
        "/projekte/<slug>/": f"/projekte/{slug}/",
        "/partner/": "/partner/",
        "/aktuelles/": "/aktuelles/",
        "/beschluesse/": "/beschluesse/",
    }
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "PAGE_CACHE_SECONDS": "0" if args.no_cache else "60",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [*compose_web_command(port), "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz/live", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for name, path in pages.items():
            try:
                urllib.request.urlopen(base + path, timeout=30)  # noqa: S310 - warm-up
            except urllib.error.HTTPError as exc:
                print(f"{name}: HTTP {exc.code}, not measured")
                continue
            results[name] = run_wrk(base + path, args.seconds)
        rss = [peak_rss_mb(pid) for pid in worker_pids(server.pid)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    floor = results["floor /healthz/live"]["rps"]
    print(
        f"\npage cache: {'off' if args.no_cache else 'on'}; {CONCURRENCY} clients, "
        f"{args.seconds} s per page, gunicorn {len(rss)} workers\n"
    )
    print(f"{'page':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'÷ floor':>8}")
    failed = False
    for name, r in results.items():
        ratio = r["rps"] / floor
        ok = (
            r["p99"] < TARGETS["p99_ms"]
            and r["errors"] == 0
            and (name.startswith("floor") or ratio >= TARGETS["ratio"])
        )
        failed |= not ok
        print(
            f"{name:28} {r['rps']:9.1f} {r['p50']:8.1f} {r['p99']:8.1f} {r['errors']:7d} "
            f"{ratio:8.2f} {'' if ok else '  <- misses target'}"
        )
    print("\npeak RSS per worker (MB):", ", ".join(f"{mb:.0f}" for mb in rss))
    failed |= any(mb > TARGETS["rss_mb"] for mb in rss)
    print("targets:", "met" if not failed else "NOT met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
