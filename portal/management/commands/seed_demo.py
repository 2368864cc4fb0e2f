"""Loads the demo data: users, partners and everything later apps add. Safe to run repeatedly."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD

DEMO_MODULES = [
    "accounts.demo",
    "partners.demo",
    "news.demo",
    "reports.demo",
    "projects.demo",
    "meetings.demo",
    "decisions.demo",
    # Last: the newsletter's issue points at the news, meetings, decisions and projects.
    "newsletter.demo",
]


class Command(BaseCommand):
    help = "Loads demo data (idempotent) and prints the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also run with DEBUG off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo only runs with DEBUG=1 (or --force).")
        logins: list[tuple[str, str, str]] = []
        with transaction.atomic():
            for module_name in DEMO_MODULES:
                logins.extend(import_module(module_name).seed())
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(role) for role, _, _ in logins)
        for role, email, note in logins:
            self.stdout.write(f"  {role.ljust(width)}  {email}  {note}")
