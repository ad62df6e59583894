"""`binhdang restore DIR [--yes] [--json]`: replace the database and the uploaded files with a backup's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.core.backup import BackupError, restore, verify


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Restore a backup made by `binhdang backup`: checks every checksum first, then replaces the "
            "database and the uploaded files (the files there before are moved aside, not deleted). "
            "Stop the server and the job workers first."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help=_("The backup's directory."))
        parser.add_argument("--yes", action="store_true", help=_("Confirm that the database is to be replaced."))
        parser.add_argument("--check", action="store_true", help=_("Only check the backup; change nothing."))
        parser.add_argument("--json", action="store_true", help=_("Print the outcome as JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        try:
            manifest = verify(directory)
            if options["check"]:
                moved = None
            else:
                if not options["yes"]:
                    raise CommandError(
                        _(
                            "This replaces the whole database and the uploaded files with the backup of %(date)s. "
                            "Nothing was restored: run again with --yes."
                        )
                        % {"date": manifest.created_at}
                    )
                manifest, moved = restore(directory)
        except BackupError as error:
            raise CommandError(error.message) from None
        if options["json"]:
            result = {"restored": not options["check"], "manifest": manifest.as_dict(), "media_moved_to": moved}
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            return
        if options["check"]:
            self.stdout.write(
                _("The backup of %(date)s is complete and matches its manifest.") % {"date": manifest.created_at}
            )
            return
        self.stdout.write(_("Restored the backup of %(date)s.") % {"date": manifest.created_at})
        if moved:
            self.stdout.write(_("The files that were under MEDIA_ROOT are now in %(dir)s.") % {"dir": moved})
