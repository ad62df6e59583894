"""Back up and restore the whole platform: the database and the uploaded files, with a manifest.

A backup is a directory:
    manifest.json       when, which version of the code, which database engine, the last migration of
                        each app, and the size and SHA-256 of every other file in the directory
    database.sqlite3    SQLite: a copy made with SQLite's online backup API (one consistent snapshot,
                        while the server keeps running)
    database.dump       PostgreSQL: `pg_dump -Fc` (one consistent snapshot too)
    media/...           the files under MEDIA_ROOT (plan documents, evidence, attachments)

A restore checks the manifest first — every checksum, the engine, migrations the code does not know —
and refuses a backup that does not match, before it changes anything. The commands `binhdang backup`
and `binhdang restore` call these functions (docs/operations.md says how to use them).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

__all__ = ["BackupError", "Manifest", "backup", "restore", "verify"]

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
_DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """The backup or restore cannot go on; `message` says why, for the operator, already translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Manifest:
    created_at: str
    version: str
    engine: str
    database: str
    migrations: dict[str, list[str]]
    files: dict[str, dict[str, Any]]
    format: int = FORMAT

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "created_at": self.created_at,
            "version": self.version,
            "engine": self.engine,
            "database": self.database,
            "migrations": self.migrations,
            "files": self.files,
        }


def _version() -> str:
    try:
        return metadata.version("binhdang")
    except metadata.PackageNotFoundError:
        return "unknown"


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in _DUMPS:
        raise BackupError(
            _("Only SQLite and PostgreSQL databases can be backed up (this one is %(vendor)s).") % {"vendor": vendor}
        )
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _applied_migrations(using: str) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _pg_environment(using: str) -> tuple[dict[str, str], str]:
    """The environment that points pg_dump / pg_restore at the database (the password never goes on
    the command line, where `ps` would show it), and the database's name."""
    config = connections[using].settings_dict
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if config.get(key):
            environment[variable] = str(config[key])
    return environment, str(config["NAME"])


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        completed = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            _("%(program)s is not installed: install the PostgreSQL client programs (postgresql-client).")
            % {"program": command[0]}
        ) from None
    if completed.returncode:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": command[0], "error": completed.stderr.strip()[-2000:]}
        )


def _copy_sqlite(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # pages=-1 (the default) copies the whole database in one step under one read lock: a consistent
    # snapshot even while the server writes.
    source.backup(target)


def backup(out: Path, using: str = "default") -> Manifest:
    """Write a backup into `out` (a new or empty directory); return its manifest."""
    engine = _engine(using)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(_("%(dir)s is not empty: back up into a new directory.") % {"dir": out})
    out.mkdir(parents=True, exist_ok=True)
    database = out / _DUMPS[engine]
    connection = connections[using]
    if engine == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            _copy_sqlite(connection.connection, target)
        finally:
            target.close()
    else:
        environment, name = _pg_environment(using)
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(database), name], environment)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        # Files first written while the copy runs may be missing from it; their rows then point at
        # nothing, as after a failed upload (the pages say the file is missing).
        shutil.copytree(media_root, out / MEDIA, symlinks=False)
    files = {
        path.relative_to(out).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest = Manifest(
        created_at=timezone.now().isoformat(timespec="seconds"),
        version=_version(),
        engine=engine,
        database=database.name,
        migrations=_applied_migrations(using),
        files=files,
    )
    (out / MANIFEST).write_text(json.dumps(manifest.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def verify(directory: Path, using: str = "default") -> Manifest:
    """The backup's manifest, once every file matches it and this code and database can take it."""
    from django.db.migrations.loader import MigrationLoader

    directory = Path(directory)
    try:
        raw = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**raw)
    except FileNotFoundError:
        raise BackupError(_("%(dir)s holds no manifest.json: it is not a backup.") % {"dir": directory}) from None
    except (ValueError, TypeError):
        raise BackupError(_("The manifest.json in %(dir)s is damaged.") % {"dir": directory}) from None
    if manifest.format != FORMAT:
        raise BackupError(_("This backup has format %(format)s, which this version cannot read.") % raw)
    engine = _engine(using)
    if manifest.engine != engine:
        raise BackupError(
            _("This is a %(backup)s backup; it cannot be restored into a %(database)s database.")
            % {"backup": manifest.engine, "database": engine}
        )
    if manifest.database not in manifest.files:
        raise BackupError(_("The backup lists no database file."))
    for name, expected in manifest.files.items():
        path = directory / name
        if not path.is_file():
            raise BackupError(_("The backup is incomplete: %(file)s is missing.") % {"file": name})
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise BackupError(_("The backup is damaged: %(file)s does not match its checksum.") % {"file": name})
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, names in manifest.migrations.items() for name in names
                     if (app, name) not in known)  # fmt: skip
    if unknown:
        raise BackupError(
            _("The backup was made by a newer version (migrations %(names)s are unknown here): update first.")
            % {"names": ", ".join(unknown[:5])}
        )
    return manifest


def restore(directory: Path, using: str = "default") -> tuple[Manifest, Path | None]:
    """Replace the database and the uploaded files with the backup's. Returns the manifest and where the
    files that were under MEDIA_ROOT were moved (None if there were none): nothing is deleted."""
    directory = Path(directory)
    manifest = verify(directory, using)
    connection = connections[using]
    database = directory / manifest.database
    if manifest.engine == "sqlite":
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError(_("The database cannot be restored inside a transaction."))
        source = sqlite3.connect(database)
        try:
            _copy_sqlite(source, connection.connection)
        finally:
            source.close()
    else:
        connection.close()  # an idle session of ours must not hold locks on the tables being replaced
        environment, name = _pg_environment(using)
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", "-d", name, str(database)],
            environment,
        )  # fmt: skip
    media_root = Path(settings.MEDIA_ROOT)
    moved: Path | None = None
    if media_root.exists() and any(media_root.iterdir()):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        moved = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        media_root.rename(moved)
    if (directory / MEDIA).is_dir():
        shutil.copytree(directory / MEDIA, media_root, dirs_exist_ok=True)
    else:
        media_root.mkdir(parents=True, exist_ok=True)
    return manifest, moved
