"""`binhdang ingest_plan FILE [--json]`: read a plan document into a draft, as the upload page does."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from binhdang.core.vietnamese import format_date
from binhdang.plans.ingest import IngestError, read_plan

# The names of the fields "missing" lists, as the summary shows them.
FIELD_NAMES = {
    "number": lambda: _("Document number"),
    "date": lambda: _("Signed on"),
    "issuer": lambda: _("Issuing agency"),
    "title": lambda: _("Plan title"),
    "targets": lambda: _("Quantitative targets"),
    "tasks": lambda: _("Tasks and measures"),
    "signer": lambda: _("Signed by"),
}


def _date_display(value: str | None) -> str:
    """A date of the draft as users read it: "2021-09-06" -> 06/09/2021, "2022-05" -> 05/2022, "2021" -> 2021,
    "--06-05" -> 05/06 (every year)."""
    if not value:
        return "—"
    if value.startswith("--"):
        return f"{value[5:7]}/{value[2:4]}"
    parts = value.split("-")
    if len(parts) == 3:
        return format_date(datetime.date.fromisoformat(value))
    if len(parts) == 2:
        return f"{parts[1]}/{parts[0]}"
    return value


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Read a plan document (.docx, .pdf, .txt or .md) and print what was found in it. "
            "Exits with status 1 when the file cannot be read."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The plan document."))
        parser.add_argument("--json", action="store_true", help=_("Print the draft as JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            path = Path(options["file"])
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}, returncode=1
                ) from None
            try:
                draft = read_plan(data, path.name)
            except IngestError as error:
                raise CommandError(error.message, returncode=1) from None
            if options["json"]:
                self.stdout.write(json.dumps(draft, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(self.summary(draft))

    def summary(self, draft: dict) -> str:
        """A few lines a person can check at a glance."""
        period = draft["period"]
        signer = draft["signer"]
        rows = [
            (FIELD_NAMES["number"](), draft["number"] or "—"),
            (FIELD_NAMES["date"](), _date_display(draft["date"])),
            (_("Place of signing"), draft["place"] or "—"),
            (FIELD_NAMES["issuer"](), draft["issuer"] or "—"),
            (FIELD_NAMES["title"](), draft["title"] or "—"),
            (_("Plan period"), f"{period['start']}–{period['end']}" if period else "—"),
            (_("Legal bases"), str(len(draft["legal_bases"]))),
            (FIELD_NAMES["targets"](), str(len(draft["targets"]))),
            (FIELD_NAMES["tasks"](), str(len(draft["tasks"]))),
            (_("Report deadlines"), str(len(draft["report_deadlines"]))),
            (_("Training classes"), str(len(draft["classes"]))),
            (_("Recipients"), str(len(draft["recipients"]))),
            (FIELD_NAMES["signer"](), f"{signer['name']} ({' '.join(signer['title'].split())})" if signer else "—"),
        ]
        lines = [f"{label}: {value}" for label, value in rows]
        for target in draft["targets"]:
            lines.append(
                "  • "
                + _("%(value)s by %(year)s (%(indicator)s): %(text)s")
                % {
                    "value": f"{target['value']}%",
                    "year": target["year"] or "—",
                    "indicator": target["indicator"] or _("no indicator"),
                    "text": target["text"][:100],
                }
            )
        if draft["missing"]:
            missing = ", ".join(str(FIELD_NAMES[name]()) for name in draft["missing"])
            lines.append(_("Not found: %(fields)s") % {"fields": missing})
        return "\n".join(lines)
