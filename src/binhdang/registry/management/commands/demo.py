"""`binhdang demo`: load demo data (see binhdang.registry.demo for what is built)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.registry import demo


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # Translated when asked for: argparse cannot format a lazy translation.
        return _("Load demo data: a Lạng Sơn-like province with staff and logins, or a national-sized load.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed; the same seed gives the same data."))
        parser.add_argument(
            "--scale",
            choices=["province", "national"],
            default="province",
            help=_(
                "province (default): one province, about 3,500 staff; national: 34 provinces, about 2.5 million staff."
            ),
        )
        parser.add_argument("--json", action="store_true", help=_("Print the summary as JSON."))
        parser.add_argument(
            "--if-empty", action="store_true", help=_("Do nothing if any org unit exists (for `make run`).")
        )
        parser.add_argument(
            "--provinces", type=int, default=34, help=_("National scale: build only the first N provinces.")
        )
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help=_("National scale: multiply the number of communes and staff by this."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["json"]
        if options["if_empty"] and demo.demo_data_exists():
            if as_json:
                self.stdout.write(json.dumps({"skipped": True}))
            else:
                self.stdout.write(_("Demo data already exists (the org tree is not empty); nothing done."))
                logins = demo.existing_logins()
                if logins:
                    self.stdout.write(_("Logins (username / password / role / unit):"))
                    for line in demo.login_lines(logins):
                        self.stdout.write(f"  {line}")
            return
        started = time.monotonic()
        try:
            if options["scale"] == "national":
                # Progress goes to stderr so that --json output stays parseable.
                summary = demo.build_national(
                    options["seed"], provinces=options["provinces"], factor=options["factor"], progress=self._progress
                )
            else:
                summary = demo.build_province(options["seed"])
                # Plans and targets from the seed plans, and entered values (the indicators app).
                from binhdang.indicators.demo import add_plans_and_targets
                from binhdang.orgs.models import OrgUnit

                province = OrgUnit.objects.filter(code=demo.PROVINCE_CODE).first()
                if province is not None:
                    add_plans_and_targets(province, options["seed"])
                    # Then what the agencies did with them: activities and training classes.
                    from binhdang.activities.demo import add_activities
                    from binhdang.training.demo import add_training_classes

                    add_activities(province, options["seed"])
                    add_training_classes(province, options["seed"])
                    # And the year 2025 reported: accepted, returned, a draft.
                    from binhdang.reports.demo import add_reports

                    add_reports(province)
        except demo.DemoDataExists as error:
            raise CommandError(
                _("%(error)s Demo data seems to be loaded already; use a fresh database or --if-empty.")
                % {"error": error}
            ) from error
        summary.seconds = time.monotonic() - started
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
            return
        self._print(summary)

    def _progress(self, line: str) -> None:
        self.stderr.write(line)
        self.stderr.flush()

    def _print(self, summary: demo.DemoSummary) -> None:
        counts = summary.counts
        write = self.stdout.write
        write(
            _("Demo data (%(scale)s scale, seed %(seed)s) built in %(seconds).1f s.")
            % {"scale": summary.scale, "seed": summary.seed, "seconds": summary.seconds}
        )
        if summary.scale == "province":
            units = ", ".join(f"{kind} {n}" for kind, n in counts["units"].items())
            write(
                _("%(name)s (%(code)s): %(units)s units (%(detail)s); %(ended)s earlier units.")
                % {
                    "name": counts["province"]["name"],
                    "code": counts["province"]["code"],
                    "units": counts["units_total"],
                    "detail": units,
                    "ended": counts["units_ended"],
                }
            )
            write(
                _(
                    "Staff: %(staff)s (%(women)s%% women); posts: %(posts)s (%(current)s current, "
                    "%(leaders)s%% women leaders, %(heads)s%% women heads)."
                )
                % {
                    "staff": counts["staff"],
                    "women": counts["women_percent"],
                    "posts": counts["posts"],
                    "current": counts["posts_current"],
                    "leaders": counts["leaders_women_percent"],
                    "heads": counts["heads_women_percent"],
                }
            )
            write(
                _("Succession pool: %(pool)s entries; training records: %(training)s.")
                % {"pool": counts["pool_entries"], "training": counts["training_records"]}
            )
            write(_("Logins (username / password / role / unit):"))
            for line in demo.login_lines(summary.logins):
                write(f"  {line}")
        else:
            for key, value in counts.items():
                write(f"  {key}: {value:,}")
