"""Run the benchmarks: `make bench` (or `.venv/bin/python bench/run.py [--provinces N] [--factor F]`).

Each benchmark prints its timings and the ratio against a baseline measured in the same run, on
the same data, so the figures compare across machines. Results go in docs/performance.md.
By default a throwaway SQLite file under /tmp is built with the national-shaped demo generator;
set DATABASE_URL to a PostgreSQL database to measure there (it must be empty, or pass --reuse).
Then the plan reader's accuracy on the real plans of bench/corpus/plans (bench/bench_ingest.py), beside
its baseline. Then the spreadsheet import benchmark (bench/bench_import.py: read, check, import, re-check and export
a generated staff workbook, each phase in its own process for its peak memory) runs on its own
throwaway SQLite file with --import-rows rows (100,000 by default, several minutes; 0 skips it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--provinces", type=int, default=4)
    parser.add_argument("--factor", type=float, default=0.25)
    parser.add_argument("--reuse", action="store_true", help="the database already holds national data")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows of the import benchmark (0: skip it)")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.gettempdir()) / f"binhdang-bench-{args.provinces}-{args.factor}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        args.reuse = args.reuse or path.exists()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from binhdang.orgs.models import OrgUnit
    from binhdang.registry import demo

    if not (args.reuse and OrgUnit.objects.exists()):
        started = time.perf_counter()
        demo.build_national(1, provinces=args.provinces, factor=args.factor)
        print(f"built national-shaped data in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    import bench_indicators
    import bench_ingest
    import bench_registry
    import bench_rendering

    results = bench_registry.run()
    results["indicators"] = bench_indicators.run()
    results["rendering"] = {"synthetic": bench_rendering.run(), "province": bench_rendering.run_province()}
    if not args.json:
        province = results["rendering"]["province"]
        print(
            f"consolidated annual report of {province['province']} ({province['agencies']} agencies), .docx: "
            f"{province['assemble_and_render_s']} s (render only {province['render_only_s']} s; plain python-docx "
            f"{province['plain_python_docx_s']} s; ratio {province['ratio']}; aim < {province['aim_s']} s)"
        )
    baseline = bench_ingest.baseline_accuracy(bench_ingest.BASELINE_REVISION)
    results["ingest"] = {"accuracy": bench_ingest.accuracy(), "baseline": baseline}
    if not args.json:
        bench_ingest.print_accuracy(results["ingest"]["accuracy"], results["ingest"]["baseline"])
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.import_rows:
        command = [sys.executable, str(Path(__file__).resolve().parent / "bench_import.py")]
        command += ["--rows", str(args.import_rows)] + (["--json"] if args.json else [])
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
