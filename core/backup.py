"""Backup and restore of the database and the uploaded files.

A backup is a directory with `database.dump` (PostgreSQL custom format from pg_dump) or
`database.sqlite3`, `media.tar.gz` and `manifest.json` with SHA-256 checksums. Restoring checks
the checksums first, then restores into the given database (normally a new, empty one) and
unpacks the media files.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pg_env(db: dict) -> dict:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def run(command: list[str], env: dict) -> None:
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        raise BackupError(f"{command[0]} failed: {proc.stderr.strip()}")


def backup(target: Path) -> dict:
    """Writes a backup of the current database and MEDIA_ROOT into `target` (a new directory)."""
    target.mkdir(parents=True, exist_ok=False)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        dump = target / "database.dump"
        run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *pg_args(db),
                "--file",
                str(dump),
                db["NAME"],
            ],
            pg_env(db),
        )
    elif connection.vendor == "sqlite":
        dump = target / "database.sqlite3"
        source = sqlite3.connect(db["NAME"])
        with sqlite3.connect(dump) as destination:
            source.backup(destination)
        source.close()
    else:
        raise BackupError(f"unsupported database: {connection.vendor}")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    last_migrations = dict(
        MigrationRecorder.Migration.objects.order_by("app", "applied").values_list("app", "name")
    )
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": last_migrations,
        "files": {p.name: sha256(p) for p in sorted(target.iterdir())},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def verify(source: Path) -> dict:
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    for name, checksum in manifest["files"].items():
        if sha256(source / name) != checksum:
            raise BackupError(f"checksum mismatch: {name}")
    return manifest


def restore(source: Path, *, database_url: str, media_root: Path) -> dict:
    """Restores a backup into the database at `database_url` and the files into `media_root`."""
    manifest = verify(source)
    db = dj_database_url.parse(database_url)
    if manifest["database"] == "postgresql":
        if not db["ENGINE"].endswith("postgresql"):
            raise BackupError("a PostgreSQL backup needs a PostgreSQL target")
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *pg_args(db),
                "--dbname",
                db["NAME"],
                str(source / "database.dump"),
            ],
            pg_env(db),
        )
    else:
        if not db["ENGINE"].endswith("sqlite3"):
            raise BackupError("an SQLite backup needs an SQLite target")
        shutil.copyfile(source / "database.sqlite3", db["NAME"])
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("media/")]
        for member in members:
            member.name = member.name.removeprefix("media/")
        archive.extractall(media_root, members=[m for m in members if m.name], filter="data")
    return manifest
