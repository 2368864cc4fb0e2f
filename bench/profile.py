"""Where the time of a page goes (issue 21): renders the benchmark's pages in process against
the large alliance, with the page cache off, and prints per page the mean time, the number of
queries and the time spent in the database; `--profile NAME` adds pyinstrument's call tree of
that page (pyinstrument is a dev dependency; it only runs here, never in the portal).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klimaportal_bench \\
    .venv/bin/python bench/profile.py [--repeat 20] [--profile "/projekte/"]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alliance import django_setup, seed_large_alliance  # noqa: E402


def measure(client, paths: list[str], repeat: int) -> tuple[float, float, float, int]:
    """Mean ms per request, mean queries and mean ms inside the database over `repeat`
    requests cycling through `paths`; the first request of each path is a warm-up."""
    from django.db import connection

    for path in paths[:3]:
        client.get(path)
    elapsed = db_time = 0.0
    queries = 0
    status = 200

    def timer(execute, sql, params, many, context):
        nonlocal db_time, queries
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time += time.perf_counter() - start
            queries += 1

    with connection.execute_wrapper(timer):
        for i in range(repeat):
            start = time.perf_counter()
            response = client.get(paths[i % len(paths)])
            elapsed += time.perf_counter() - start
            status = max(status, response.status_code)
    return elapsed / repeat * 1000, queries / repeat, db_time / repeat * 1000, status


def print_queries(name: str, clients: dict, pages: dict) -> None:
    """The statements of one warm request of page `name`, each with the portal's frame that
    sent it, so a repeated or avoidable query shows where it comes from."""
    import traceback

    from django.db import connection

    role, paths = pages[name]
    clients[role].get(paths[0])
    root = str(Path(__file__).resolve().parent.parent)

    def show(execute, sql, params, many, context):
        frames = [
            f"{Path(f.filename).relative_to(root)}:{f.lineno} {f.name}"
            for f in traceback.extract_stack()
            if f.filename.startswith(root)
            and "/.venv/" not in f.filename
            and "/bench/" not in f.filename
            and "page_cache.py" not in f.filename
        ]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - start) * 1000
            print(f"{ms:6.2f} ms  {sql[:160]}")
            for frame in frames[-3:]:
                print(f"            {frame}")

    print(f"\n{name}: {paths[0]}")
    with connection.execute_wrapper(show):
        clients[role].get(paths[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", action="append", default=[], help="page name to profile")
    parser.add_argument("--only", action="append", default=[], help="measure only these pages")
    parser.add_argument(
        "--queries", action="append", default=[], help="page name whose SQL to print"
    )
    args = parser.parse_args()
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("STATIC_COMPRESS", "0")
    django_setup()
    seed_large_alliance()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client
    from web import logged_in_pages, public_pages, sessions

    # No setup_test_environment(): its instrumented template rendering copies every context
    # for the test client's signal, which gunicorn never does.
    cookies = sessions()
    pages = {name: (None, paths) for name, paths in public_pages(True).items()}
    pages.update(logged_in_pages())
    clients = {}
    for role in (None, "partner", "staff"):
        client = Client()
        if role:
            name, value = cookies[role].split("=", 1)
            client.cookies[name] = value
        clients[role] = client
    print(f"{'page':40} {'ms':>7} {'queries':>8} {'db ms':>7}")
    for name, (role, paths) in pages.items():
        if args.only and name not in args.only:
            continue
        ms, queries, db_ms, status = measure(clients[role], paths, args.repeat)
        flag = "" if status < 400 else f"  (status {status})"
        print(f"{name:40} {ms:7.1f} {queries:8.1f} {db_ms:7.1f}{flag}")
    for name in args.queries:
        print_queries(name, clients, pages)
    for name in args.profile:
        from pyinstrument import Profiler

        role, paths = pages[name]
        profiler = Profiler(interval=0.0005)
        with profiler:
            for i in range(args.repeat):
                clients[role].get(paths[i % len(paths)])
        print(
            profiler.output_text(
                unicode=False, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
