"""Backup and restore: a backup restored into a fresh database holds every record again."""

import io
import uuid

import psycopg
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from PIL import Image

from tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.postgres

# (model label, table) pairs that must survive; models of later features join automatically.
IMPORTANT = ["partners.Partner", "projects.Project", "decisions.Proposal", "reports.AnnualReport"]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def fresh_database():
    name = f"klimaportal_restore_{uuid.uuid4().hex[:8]}"
    params = connection.settings_dict
    dsn = (
        f"host={params['HOST']} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
    )
    if params.get("PASSWORD"):
        dsn += f" password={params['PASSWORD']}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = (
        f"postgres://{params['USER']}:{params.get('PASSWORD') or ''}@{params['HOST']}:"
        f"{params['PORT'] or 5432}/{name}"
    )
    yield url, dsn.replace("dbname=postgres", f"dbname={name}")
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_a_fresh_database(
    transactional_db, tmp_path, settings, fresh_database
):
    partner = PartnerFactory(name="Sicherung GmbH")
    partner.logo.save("logo.png", ContentFile(png()))
    ProjectFactory.create_batch(3, lead_partner=partner)
    counts = {}
    for label in IMPORTANT:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[model._meta.db_table] = model.objects.count()
    assert counts["partners_partner"] >= 1 and counts["projects_project"] == 3

    call_command("backup", output=str(tmp_path / "backup"))
    url, dsn = fresh_database
    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", str(tmp_path / "backup"), database_url=url, media_root=str(restored_media)
    )

    with psycopg.connect(dsn) as restored:
        for table, expected in counts.items():
            (found,) = restored.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
            assert found == expected, table
        (name,) = restored.execute(
            "SELECT name FROM partners_partner WHERE id = %s", [partner.pk]
        ).fetchone()
        assert name == "Sicherung GmbH"
    assert (restored_media / partner.logo.name).read_bytes() == png()


def test_a_damaged_backup_is_refused(transactional_db, tmp_path, fresh_database):
    from django.core.management.base import CommandError

    PartnerFactory()
    call_command("backup", output=str(tmp_path / "backup"))
    with open(tmp_path / "backup" / "database.dump", "ab") as dump:
        dump.write(b"garbage")
    with pytest.raises(CommandError, match="checksum"):
        call_command(
            "restore",
            str(tmp_path / "backup"),
            database_url=fresh_database[0],
            media_root=str(tmp_path / "m"),
        )
