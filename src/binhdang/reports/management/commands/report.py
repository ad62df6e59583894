"""`binhdang report --unit CODE --period 2025-H1|2025 --format docx|xlsx|pdf --out FILE`.

The unit's report of the period as a document: the submitted one (frozen figures, its text) when
there is one, else a draft assembled from today's data with the text written so far (or, without a
report, the text drafted from the figures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.indicators.models import PERIOD_RE, period_bounds
from binhdang.orgs.models import OrgUnit
from binhdang.reports.models import Report
from binhdang.reports.obligations import due_date_for, kind_for


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("Write a unit's half-year or annual report as a Word, Excel or PDF file.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help=_("Code of the unit."))
        parser.add_argument("--period", required=True, help=_("2025-H1, 2025-H2 or 2025."))
        parser.add_argument("--format", default="docx", choices=["docx", "xlsx", "pdf"], help=_("The file's format."))
        parser.add_argument("--out", required=True, help=_("Where to write the file."))

    def handle(self, *args: Any, **options: Any) -> None:
        from binhdang.reports.document import report_docx, report_pdf, report_xlsx
        from binhdang.reports.narrative import suggest
        from binhdang.reports.rendering import RenderError, TemplateError

        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("No unit has the code “%(code)s”.") % {"code": options["unit"]})
        period = (options["period"] or "").strip().upper()
        if not PERIOD_RE.match(period) or not 2000 <= int(period[:4]) <= 2100:
            raise CommandError(
                _("“%(value)s” is not a period: write a year (2026) or a half-year (2026-H1, 2026-H2).")
                % {"value": options["period"]}
            )
        kind = kind_for(period)
        report = Report.objects.filter(unit=unit, kind=kind, period=period).first()
        if report is None:
            # Not saved: the command writes a file, not a report.
            start, end = period_bounds(period)
            due = due_date_for(unit, kind, period)
            report = Report(unit=unit, kind=kind, period=period, due_date=due)
            report.as_of = min(end, due) if due and due >= start else end
            report.consolidated = OrgUnit.objects.get_children(unit).filter(is_agency=True).exists()
            from binhdang.reports.assembly import assemble

            for name, text in suggest(assemble(report)).items():
                setattr(report, name, text)
        render = {"docx": report_docx, "xlsx": report_xlsx, "pdf": report_pdf}[options["format"]]
        try:
            data = render(report)
        except (TemplateError, RenderError) as error:
            raise CommandError(error.message) from None
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": out, "error": error.strerror}) from None
        self.stdout.write(_("Written %(path)s (%(size)d bytes).") % {"path": out, "size": len(data)})
