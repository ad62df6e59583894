"""`binhdang indicators --unit CODE [--date YYYY-MM-DD] [--json]`: every indicator with its target."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.indicators.report import indicator_rows
from binhdang.orgs.models import OrgUnit


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("Print every built-in indicator of a unit's subtree on a day, with its target and status.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help=_("Code of the unit."))
        parser.add_argument("--date", help=_("The day, YYYY-MM-DD (default: today)."))
        parser.add_argument("--json", action="store_true", help=_("Print the outcome as JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("No unit has the code “%(code)s”.") % {"code": options["unit"]})
        try:
            day = datetime.date.fromisoformat(options["date"]) if options["date"] else datetime.date.today()
        except ValueError:
            message = _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": options["date"]}
            raise CommandError(message) from None
        rows = indicator_rows(unit, day)
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            value = "—" if row["value"] is None else f"{row['value']}"
            target = f" / {row['target']} ({row['target_year']})" if row["target"] is not None else ""
            self.stdout.write(f"{row['name']}: {value}{target} [{row['status']}]")
