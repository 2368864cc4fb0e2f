from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Backs up the database (pg_dump or SQLite copy) and the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help="new directory for the backup (default: var/backups/<timestamp>)",
        )

    def handle(self, *args, output=None, **options):
        from django.conf import settings

        target = Path(
            output
            or settings.BASE_DIR / "var" / "backups" / timezone.now().strftime("%Y%m%d-%H%M%S")
        )
        try:
            manifest = backup(target)
        except (BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {target}")
        for name, checksum in manifest["files"].items():
            self.stdout.write(f"  {name}  sha256 {checksum}")
