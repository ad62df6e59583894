"""`binhdang restructure`: establish, rename, move, merge, split or dissolve org units from the shell.

Thin: parses arguments and calls the same functions as the pages (orgs.restructuring).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.core.vietnamese import parse_date
from binhdang.orgs import restructuring
from binhdang.orgs.models import OrgUnit, UnitKind


def unit(code: str) -> OrgUnit:
    found = OrgUnit.objects.filter(code=code).first()
    if found is None:
        raise CommandError(_("No unit has the code “%(code)s”.") % {"code": code})
    return found


class Command(BaseCommand):
    help = "Restructure the org tree (dated): create, rename, move, merge, split, dissolve."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="operation", required=True)

        def common(p: CommandParser) -> None:
            p.add_argument("--date", required=True, help="effective date, dd/mm/yyyy or yyyy-mm-dd")
            p.add_argument("--decision", default="", help="decision number, e.g. 125/QĐ-UBND")
            p.add_argument("--note", default="")
            p.add_argument("--json", action="store_true", help="print the result as JSON")

        create = sub.add_parser("create", help="establish a unit")
        create.add_argument("--parent", help="parent unit code (none for a province)")
        create.add_argument("--code", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--kind", required=True, choices=UnitKind.values)
        create.add_argument("--agency", action="store_true", help="an agency with its own head")
        common(create)
        rename = sub.add_parser("rename", help="rename a unit")
        rename.add_argument("--unit", required=True)
        rename.add_argument("--name", required=True)
        common(rename)
        move = sub.add_parser("move", help="move a unit under another")
        move.add_argument("--unit", required=True)
        move.add_argument("--parent", required=True)
        common(move)
        merge = sub.add_parser("merge", help="merge units into one (existing or new)")
        merge.add_argument("--units", required=True, help="comma-separated codes of the merged units")
        merge.add_argument("--into", help="code of an existing unit that receives them")
        merge.add_argument("--new-code", help="code of a new unit that receives them")
        merge.add_argument("--new-name", help="name of that new unit")
        merge.add_argument("--parent", help="parent of the new unit (default: that of the first merged unit)")
        common(merge)
        split = sub.add_parser("split", help="split a unit into new ones")
        split.add_argument("--unit", required=True)
        split.add_argument("--part", action="append", required=True, help='"CODE;Name", repeat for each new unit')
        common(split)
        dissolve = sub.add_parser("dissolve", help="dissolve a unit")
        dissolve.add_argument("--unit", required=True)
        common(dissolve)

    def handle(self, *args: Any, **options: Any) -> None:
        day = parse_date(options["date"])
        if day is None:
            raise CommandError(_("“%(value)s” is not a real date: write dd/mm/yyyy.") % {"value": options["date"]})
        common = {"decision_number": options["decision"], "note": options["note"]}
        operation = options["operation"]
        try:
            if operation == "create":
                spec = restructuring.NewUnit(options["code"], options["name"], options["kind"], options["agency"])
                parent = unit(options["parent"]) if options.get("parent") else None
                results = [restructuring.create_unit(spec, parent, day, **common)]
            elif operation == "rename":
                results = [restructuring.rename(unit(options["unit"]), options["name"], day, **common)]
            elif operation == "move":
                results = [restructuring.move(unit(options["unit"]), unit(options["parent"]), day, **common)]
            elif operation == "merge":
                sources = [unit(code.strip()) for code in options["units"].split(",") if code.strip()]
                if options.get("into"):
                    target: OrgUnit | restructuring.NewUnit = unit(options["into"])
                elif options.get("new_code") and options.get("new_name"):
                    target = restructuring.NewUnit(
                        options["new_code"], options["new_name"], sources[0].kind, sources[0].is_agency
                    )
                else:
                    raise CommandError(_("Give --into CODE, or --new-code and --new-name."))
                parent = unit(options["parent"]) if options.get("parent") else None
                results = [restructuring.merge(sources, target, day, parent=parent, **common)]
            elif operation == "split":
                source = unit(options["unit"])
                parts = []
                for text in options["part"]:
                    code, _sep, name = text.partition(";")
                    if not code.strip() or not name.strip():
                        raise CommandError(_("“%(value)s”: write “CODE;Unit name”.") % {"value": text})
                    parts.append(restructuring.NewUnit(code.strip(), name.strip(), source.kind, source.is_agency))
                results = restructuring.split(source, parts, day, **common)
            else:
                results = [restructuring.dissolve(unit(options["unit"]), day, **common)]
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        rows = [
            {
                "id": u.pk,
                "code": u.code,
                "name": u.name,
                "kind": u.kind,
                "valid_from": u.valid_from.isoformat(),
                "valid_to": u.valid_to.isoformat() if u.valid_to else None,
            }
            for u in results
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                self.stdout.write(f"{row['code']}\t{row['name']}")
