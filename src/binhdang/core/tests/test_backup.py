"""`binhdang backup` and `binhdang restore`: a restore into an empty database gives back every row of
every table, and the uploaded files; a damaged backup is refused before anything changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from binhdang.core.backup import MANIFEST

pytestmark = pytest.mark.django_db(transaction=True)


def _rows() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = len(connection.introspection.get_table_description(cursor, table))
            order = ", ".join(str(n) for n in range(1, columns + 1))
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {order}")  # noqa: S608
            found[table] = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor]
    return found


def _empty_the_database() -> None:
    """Drop every table: the database a fresh server would have before `migrate`."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "activities" / "2026").mkdir(parents=True)
    (tmp_path / "media" / "activities" / "2026" / "bien-ban.pdf").write_bytes(b"%PDF-1.7 bi\xc3\xaan b\xe1\xba\xa3n")
    return tmp_path / "media"


def test_restore_into_an_empty_database_gives_back_every_row_and_file(people, snv_admin, media, tmp_path, capsys):
    # given a registry with people, an import, an audit trail and an uploaded file
    from conftest import make_import_job

    make_import_job(people.ha.employments.first().unit, snv_admin)
    before = _rows()
    assert before["registry_person"] and before["core_auditentry"] and before["registry_importjob"]
    # when it is backed up, the database emptied and the files lost, then restored
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out), "--json")
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["engine"] == connection.vendor and manifest["version"]
    assert "media/activities/2026/bien-ban.pdf" in manifest["files"]
    _empty_the_database()
    (media / "activities" / "2026" / "bien-ban.pdf").unlink()
    call_command("restore", str(out), "--yes", "--json")
    result = json.loads(capsys.readouterr().out)
    # then every table holds the same rows, and the file is back (what was under MEDIA_ROOT is kept aside)
    after = _rows()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table
    assert (media / "activities" / "2026" / "bien-ban.pdf").read_bytes().startswith(b"%PDF-1.7")
    assert result["restored"] and Path(result["media_moved_to"]).is_dir()


def test_a_damaged_backup_is_refused_in_vietnamese_and_nothing_changes(people, media, tmp_path):
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out))
    database = out / json.loads((out / MANIFEST).read_text())["database"]
    damaged = bytearray(database.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # one flipped byte in the middle
    database.write_bytes(bytes(damaged))
    people.yen.delete()
    before = _rows()
    with translation.override("vi"), pytest.raises(CommandError) as refused:
        call_command("restore", str(out), "--yes")
    assert "không khớp" in str(refused.value) and database.name in str(refused.value)
    assert _rows() == before


def test_restore_without_yes_changes_nothing(people, media, tmp_path):
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out))
    people.yen.delete()
    before = _rows()
    with pytest.raises(CommandError):
        call_command("restore", str(out))
    call_command("restore", str(out), "--check")
    assert _rows() == before


def test_backup_refuses_a_directory_that_is_not_empty(db, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError):
        call_command("backup", "--out", str(tmp_path))
