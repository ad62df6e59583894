"""`binhdang import-sweep [--json]`: mark failed the staff imports whose background worker died.

Run it from cron (every 5 minutes, see docs/operations.md); the import pages also do it for the jobs
they show, so a user never waits for cron to learn that an import must be run again.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from binhdang.registry.importing import jobs


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("Mark failed the staff imports left queued or running by a background worker that stopped.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help=_("Print the outcome as JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = jobs.sweep()
        if options["json"]:
            self.stdout.write(json.dumps({"failed": reaped}))
        elif reaped:
            self.stdout.write(
                _("Marked failed (their worker stopped): %(ids)s") % {"ids": ", ".join(map(str, reaped))}
            )
        else:
            self.stdout.write(_("No import was left behind by a stopped worker."))
