"""`binhdang send-reminders [--date YYYY-MM-DD] [--json]`: the daily reminders, in the app and by e-mail."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.agenda.reminders import send_reminders


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("Make the reminders of what falls due soon and e-mail them, one message per user.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help=_("The day, YYYY-MM-DD (default: today)."))
        parser.add_argument("--json", action="store_true", help=_("Print the outcome as JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = datetime.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            message = _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": options["date"]}
            raise CommandError(message) from None
        counts = send_reminders(day)
        if options["json"]:
            self.stdout.write(json.dumps(counts.as_dict()))
            return
        self.stdout.write(
            _("%(users)d users, %(created)d new reminders, %(emails)d e-mails sent, %(failed)d failed.")
            % counts.as_dict()
        )
