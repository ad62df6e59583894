"""`binhdang import-staff FILE --unit CODE [--dry-run] [--json]`: the import page, from a shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.orgs.models import OrgUnit
from binhdang.registry.importing import jobs
from binhdang.registry.importing.reader import ReadError, read_workbook
from binhdang.registry.importing.validation import build_plan
from binhdang.registry.models import ImportJob


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Check a staff workbook and import it into a unit's subtree: all rows or none. "
            "Exits with status 1 when the file has errors."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The .xlsx file."))
        parser.add_argument("--unit", required=True, help=_("Code of the unit the file is imported into."))
        parser.add_argument("--dry-run", action="store_true", help=_("Check only; write nothing."))
        parser.add_argument("--json", action="store_true", help=_("Print the outcome as JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("No unit has the code “%(code)s”.") % {"code": options["unit"]})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}) from None
        try:
            if options["dry_run"]:
                plan = build_plan(read_workbook(data, path.name), unit)
                summary, status = plan.summary(), "checked"
            else:
                job, plan = jobs.check_file(data, path.name, unit, None)
                if not plan.has_errors:
                    job.status = ImportJob.Status.QUEUED
                    job.save(update_fields=["status"])
                    job = jobs.execute(job)
                summary, status = job.summary, job.status
        except ReadError as error:
            summary = {"created": 0, "updated": 0, "unchanged": 0, "error_count": 1, "warning_count": 0}
            summary["errors"] = [{"sheet": "", "row": None, "column": "", "value": path.name, "message": error.message}]
            summary["warnings"] = []
            status = "failed"
        self.report(summary, status, options)
        if summary["error_count"]:
            raise SystemExit(1)

    def report(self, summary: dict[str, Any], status: str, options: dict[str, Any]) -> None:
        keys = ("sheet", "row", "column", "value", "message")
        if options["json"]:
            result = {
                "created": summary["created"],
                "updated": summary["updated"],
                "unchanged": summary["unchanged"],
                "errors": [{key: issue.get(key) for key in keys} for issue in summary["errors"]],
                "warnings": [{key: issue.get(key) for key in keys} for issue in summary["warnings"]],
            }
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for label, issues in ((_("Error"), summary["errors"]), (_("Warning"), summary["warnings"])):
            for issue in issues:
                where = "!".join(
                    str(part) for part in (issue["sheet"], f"{issue['column']}{issue['row'] or ''}") if part
                )
                self.stdout.write(f"{label}: {where}: {issue['message']}")
        self.stdout.write(
            _(
                "Created %(created)d, updated %(updated)d, unchanged %(unchanged)d; "
                "%(errors)d errors, %(warnings)d warnings."
            )
            % {
                "created": summary["created"],
                "updated": summary["updated"],
                "unchanged": summary["unchanged"],
                "errors": summary["error_count"],
                "warnings": summary["warning_count"],
            }
        )
        if status == "done":
            self.stdout.write(_("Imported."))
        elif options["dry_run"] or summary["error_count"]:
            self.stdout.write(_("Nothing was written."))
