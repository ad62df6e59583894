"""`binhdang backup --out DIR [--json]`: the database and the uploaded files, with a manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.core.backup import BackupError, backup


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Back up the database (SQLite: online backup; PostgreSQL: pg_dump) and the uploaded files into "
            "a new directory, with a manifest of checksums. The server may keep running."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help=_("A new or empty directory for the backup."))
        parser.add_argument("--json", action="store_true", help=_("Print the manifest as JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        try:
            manifest = backup(out)
        except BackupError as error:
            raise CommandError(error.message) from None
        if options["json"]:
            self.stdout.write(json.dumps(manifest.as_dict(), ensure_ascii=False))
            return
        size = sum(item["size"] for item in manifest.files.values())
        self.stdout.write(
            _("Backup written to %(dir)s: %(count)d files, %(mb).1f MB.")
            % {"dir": out, "count": len(manifest.files), "mb": size / 1024 / 1024}
        )
