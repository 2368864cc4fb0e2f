from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restores a backup into a database (normally a new, empty one) and a media directory. "
        "Run `migrate` against the restored database afterwards when upgrading."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="backup directory written by `manage.py backup`")
        parser.add_argument("--database-url", required=True, help="target database")
        parser.add_argument("--media-root", required=True, help="target directory for uploads")

    def handle(self, *args, source, database_url, media_root, **options):
        try:
            manifest = restore(Path(source), database_url=database_url, media_root=Path(media_root))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the backup of {manifest['created_at']} into {database_url}")
