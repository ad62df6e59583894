"""Spreadsheet import benchmark: read, check, write, re-check and export a 100,000-row staff workbook.

Run: `.venv/bin/python bench/bench_import.py [--rows 100000] [--repeat 3] [--json] [--profile PHASE]`
(`make bench` runs it too, through bench/run.py). It builds a throwaway SQLite database under /tmp
(migrated, a province with departments, divisions, affiliated units and communes), then writes a
staff workbook in the template's layout with openpyxl's write-only mode: the Staff sheet with the
template's columns under Vietnamese headings, varied Vietnamese names, Excel and typed dates, units
by code, ethnic groups, ranks, degrees and languages ("Tiếng Anh B1; Tiếng Trung A2").

Every phase runs in a fresh process (this script again, with --phase), so that its peak resident
memory (VmHWM) is its own; times are medians of --repeat runs, each ratio divides a phase's median by
the baseline's, measured in the same run on the same file:
- baseline: python-calamine reading the Staff sheet into Python values and visiting every cell;
- read: read_workbook (calamine + header detection + row objects);
- check: read_workbook + build_plan on the empty registry (what an upload waits for); rows/s of
  build_plan alone are the figure the issue asks for (at least 5,000 rows/s);
- import: what the background job does, read + build_plan + apply_plan in one transaction, on a
  fresh copy of the empty database each time; rows/s of apply_plan alone;
- re-check: read + build_plan of the same file against the filled registry (every row unchanged);
- export: write_export of all the people to a temporary file, as a province administrator.
Peak memory is of the whole process (Python and Django included); the issue asks for under 512 MiB
for checking and importing 100,000 rows.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
MIB = 1024 * 1024
TODAY = datetime.date.today()
UNITS_FROM = datetime.date(2000, 1, 1)
MARK = "@@bench-import@@ "  # prefixes the JSON line a phase process prints
VALIDATION_TARGET = 5_000  # rows per second
MEMORY_TARGET = 512  # MiB

# --- The org tree ------------------------------------------------------------------------------

PROVINCE = ("BD", "Tỉnh Bình Đẳng")
DEPARTMENTS = (
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("SYT", "Sở Y tế"),
    ("SGD", "Sở Giáo dục và Đào tạo"),
    ("SNN", "Sở Nông nghiệp và Môi trường"),
    ("SXD", "Sở Xây dựng"),
)
DIVISIONS = (
    ("VP", "Văn phòng Sở"),
    ("TTR", "Thanh tra Sở"),
    ("KHTC", "Phòng Kế hoạch - Tài chính"),
    ("TCCB", "Phòng Tổ chức cán bộ"),
)
AFFILIATED = {
    "SYT": (("BVDK", "Bệnh viện Đa khoa tỉnh"), ("CDC", "Trung tâm Kiểm soát bệnh tật")),
    "SGD": (("THPTC", "Trường THPT Chuyên"), ("THPT1", "Trường THPT số 1")),
    "SNN": (("CCTL", "Chi cục Thủy lợi"),),
}
COMMUNES = (("DK", "Phường Đông Kinh"), ("HL", "Xã Hữu Lũng"), ("TT", "Phường Tam Thanh"), ("KL", "Xã Kỳ Lừa"))

# --- People ----------------------------------------------------------------------------------

FAMILY = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4.5), ("Vũ", 3.9),
    ("Trương", 3.2), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Ngô", 1.3), ("Hồ", 1.3), ("Dương", 1),
    ("Đinh", 0.8), ("Đào", 0.8), ("Trịnh", 0.6), ("Lý", 0.5), ("Mai", 0.5), ("Lương", 0.5), ("Đoàn", 0.5),
    ("Hà", 0.5), ("Nông", 0.5), ("Vi", 0.4), ("Lộc", 0.3), ("Triệu", 0.3), ("Bế", 0.2), ("Lò", 0.2),
    ("Quàng", 0.1), ("Giàng", 0.1), ("Thạch", 0.1), ("Kiều", 0.2), ("Phùng", 0.3), ("Khúc", 0.05),
)  # fmt: skip
FEMALE_MIDDLE = ("Thị", "Thị Thu", "Thị Thanh", "Ngọc", "Thị Minh", "Thúy", "Thị Hồng", "Phương", "Thùy", "Thị Kim",
                 "Diệu", "Bích", "Thị Khánh", "Thị Lan", "Hoài", "Quỳnh", "Bảo", "Thị Tuyết", "Mỹ")  # fmt: skip
MALE_MIDDLE = ("Văn", "Minh", "Đức", "Quang", "Hữu", "Ngọc", "Xuân", "Văn Thanh", "Tuấn", "Mạnh", "Trung", "Thế",
               "Công", "Đình", "Duy", "Tiến", "Việt", "Quốc", "Trọng", "Bá", "Hải", "Đăng", "Khắc")  # fmt: skip
FEMALE_GIVEN = (
    "Anh", "Ánh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huệ",
    "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhung",
    "Oanh", "Phượng", "Phương", "Quỳnh", "Tâm", "Thắm", "Thảo", "Thu", "Thủy", "Thúy", "Thư", "Trang", "Uyên",
    "Vân", "Xuân", "Yến", "Lệ", "Nhi", "Hòa",
)  # fmt: skip
MALE_GIVEN = (
    "An", "Bảo", "Bình", "Chiến", "Công", "Cường", "Đạt", "Định", "Đức", "Dũng", "Dương", "Duy", "Hải", "Hiếu",
    "Hòa", "Hoàng", "Hùng", "Hưng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lợi", "Mạnh", "Minh", "Nam",
    "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn", "Trung",
    "Tú", "Tuấn", "Tùng", "Việt", "Vinh", "Quyết", "Huấn",
)  # fmt: skip
ETHNICITY = (("Kinh", 70), ("Tày", 8), ("Nùng", 6), ("Thái", 4), ("Mường", 3), ("Dao", 2), ("HMông", 2),
             ("Hoa", 1), ("Khơ-me", 1), ("Sán Chay", 0.5), ("Ê-đê", 0.5), ("Gia-rai", 0.5))  # fmt: skip
EMPLOYMENT = (("Công chức", 45), ("Viên chức", 42), ("Cán bộ", 8), ("Người lao động", 5))
# Labels of the template's lists mixed with the abbreviations offices type.
RANK = (("Chuyên viên và tương đương", 30), ("Chuyên viên", 15), ("CV", 5), ("Chuyên viên chính và tương đương", 10),
        ("CVC", 6), ("Hạng III", 10), ("Hạng II", 4), ("Chuyên viên cao cấp và tương đương", 1),
        ("Cán sự và tương đương", 8), ("Nhân viên và tương đương", 6), ("", 5))  # fmt: skip
DEGREE = (("Đại học", 50), ("Thạc sĩ", 12), ("ThS", 6), ("Tiến sĩ", 2), ("Cao đẳng", 9), ("Trung cấp", 12),
          ("Trung học phổ thông trở xuống", 2), ("Cử nhân", 7))  # fmt: skip
THEORY = (("Sơ cấp", 30), ("Trung cấp", 25), ("Cao cấp", 8), ("Chưa có", 7), ("", 30))
STATE = (("Chuyên viên", 30), ("Chương trình chuyên viên chính", 8), ("CVC", 5), ("Chưa có", 12), ("", 45))
IT = (("Ứng dụng công nghệ thông tin cơ bản", 40), ("Cơ bản", 15), ("Nâng cao", 8), ("Chứng chỉ B", 5), ("", 32))
LANGUAGES = (("Tiếng Anh B1", 30), ("Tiếng Anh B2", 10), ("Tiếng Anh A2", 12), ("Anh B", 6), ("B1", 4),
             ("Tiếng Anh B1; Tiếng Trung A2", 4), ("Tiếng Pháp A2", 2), ("Tiếng Anh C1; Tiếng Pháp B1", 1),
             ("Tiếng Anh đại học", 2), ("Tiếng Trung B1", 2), ("Tiếng Lào A2", 1), ("", 26))  # fmt: skip

# Vietnamese headings for the Staff sheet's fields, for labels the Vietnamese catalogue does not
# translate yet: what offices write, as recognised by the reader.
VI_HEADINGS = {
    "employee_code": "Mã cán bộ",
    "family_name": "Họ và tên đệm",
    "given_name": "Tên",
    "sex": "Giới tính",
    "birth_date": "Ngày sinh (dd/mm/yyyy)",
    "ethnicity": "Dân tộc",
    "employment_type": "Loại cán bộ",
    "civil_service_rank": "Ngạch công chức, viên chức",
    "degree": "Trình độ chuyên môn",
    "political_theory": "Lý luận chính trị",
    "state_management": "Quản lý nhà nước",
    "it_level": "Tin học",
    "foreign_language": "Ngoại ngữ",
    "party_member_since": "Ngày vào Đảng (dd/mm/yyyy)",
    "unit": "Đơn vị (mã)",
    "employment_start": "Ngày về đơn vị (dd/mm/yyyy)",
}


def weighted(pairs: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [value for value, _weight in pairs], [weight for _value, weight in pairs]


# --- Helpers shared by the phase processes --------------------------------------------------------


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM), MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def setup_django(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.settings")
    os.environ.setdefault("CACHE_LOCATION", str(db.parent / "cache"))
    import django

    django.setup()


def province_and_admin() -> tuple[Any, Any]:
    from binhdang.accounts.models import User
    from binhdang.orgs.models import OrgUnit

    province = OrgUnit.objects.get(code=PROVINCE[0])
    return province, User.objects.get(username="bench.admin")


# --- Phases ----------------------------------------------------------------------------------


def phase_setup(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate the empty database and create the org tree and a province administrator."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from binhdang.accounts.models import User
    from binhdang.orgs.restructuring import NewUnit, create_unit

    province = create_unit(NewUnit(PROVINCE[0], PROVINCE[1], "province"), None, UNITS_FROM)
    units = 1
    for code, name in DEPARTMENTS:
        department = create_unit(NewUnit(f"BD-{code}", name, "department", True), province, UNITS_FROM)
        units += 1
        for suffix, division in DIVISIONS:
            create_unit(NewUnit(f"BD-{code}-{suffix}", division, "division"), department, UNITS_FROM)
            units += 1
        for suffix, affiliated in AFFILIATED.get(code, ()):
            create_unit(NewUnit(f"BD-{code}-{suffix}", affiliated, "affiliated", True), department, UNITS_FROM)
            units += 1
    for code, name in COMMUNES:
        create_unit(NewUnit(f"BD-{code}", name, "commune", True), province, UNITS_FROM)
        units += 1
    admin = User(username="bench.admin", role="agency_admin", unit=province, full_name="Quản Trị Tỉnh")
    admin.set_unusable_password()
    admin.save()
    return {"seconds": time.perf_counter() - started, "units": units}


def staff_headings() -> tuple[str, list[tuple[str, str]]]:
    """The Staff sheet's title and (field, heading) pairs in Vietnamese, each checked against the reader."""
    from django.utils import translation

    from binhdang.registry.importing import schema
    from binhdang.registry.importing.reader import match_header

    spec = schema.SHEETS[schema.STAFF]
    with translation.override("vi"):
        title = str(spec.title)
        columns = []
        for column in spec.columns:
            label = str(column.label)
            with translation.override("en"):
                untranslated = label == str(column.label)
            heading = VI_HEADINGS[column.field] if untranslated else label
            assert match_header(heading) == column.field, (heading, match_header(heading), column.field)
            columns.append((column.field, heading))
    return title, columns


def phase_generate(args: argparse.Namespace) -> dict[str, Any]:
    """Write the staff workbook with openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from binhdang.orgs.models import OrgUnit

    title, columns = staff_headings()
    units = list(OrgUnit.objects.exclude(kind="province").order_by("code").values_list("code", "kind"))
    # Staff mostly sit in divisions and affiliated units, fewer directly in a department or commune.
    unit_codes = [code for code, _kind in units]
    unit_weights = [{"division": 6, "affiliated": 10, "department": 2, "commune": 5}.get(kind, 1) for _c, kind in units]
    rng = random.Random(args.seed)
    family, family_w = weighted(FAMILY)
    ethnicities, ethnicity_w = weighted(ETHNICITY)
    lists = {
        name: weighted(pairs)
        for name, pairs in (
            ("employment_type", EMPLOYMENT),
            ("civil_service_rank", RANK),
            ("degree", DEGREE),
            ("political_theory", THEORY),
            ("state_management", STATE),
            ("it_level", IT),
            ("foreign_language", LANGUAGES),
        )
    }

    started = time.perf_counter()
    book = Workbook(write_only=True)
    ws = book.create_sheet(title)
    header = []
    for _field, heading in columns:
        cell = WriteOnlyCell(ws, heading)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)

    def date_cell(day: datetime.date) -> object:
        if rng.random() < 0.2:  # typed as text, as many offices do
            return day.strftime("%d/%m/%Y")
        cell = WriteOnlyCell(ws, day)
        cell.number_format = "DD/MM/YYYY"
        return cell

    fields = [name for name, _heading in columns]
    # Every person: aged 23-55 today (before retirement age), in the unit from age 22 at the earliest.
    days_from, days_to = (TODAY - datetime.date(TODAY.year - 56, 1, 1)).days, 23 * 365
    for number in range(1, args.rows + 1):
        male = rng.random() < 0.52
        birth = TODAY - datetime.timedelta(days=rng.randint(days_to, days_from))
        earliest = max(UNITS_FROM, datetime.date(birth.year + 22, birth.month, 1))
        start = earliest + datetime.timedelta(days=rng.randint(0, max((TODAY - earliest).days - 1, 0)))
        values = {
            "employee_code": f"BD{number:07d}",
            "family_name": f"{rng.choices(family, family_w)[0]} {rng.choice(MALE_MIDDLE if male else FEMALE_MIDDLE)}",
            "given_name": rng.choice(MALE_GIVEN if male else FEMALE_GIVEN),
            "sex": "Nam" if male else "Nữ",
            "birth_date": date_cell(birth),
            "ethnicity": rng.choices(ethnicities, ethnicity_w)[0],
            "unit": rng.choices(unit_codes, unit_weights)[0],
            "employment_start": date_cell(start),
            "party_member_since": None,
        }
        if rng.random() < 0.45:
            earliest_party = datetime.date(birth.year + 18, birth.month, 1) + datetime.timedelta(days=31)
            values["party_member_since"] = date_cell(
                earliest_party + datetime.timedelta(days=rng.randint(0, (TODAY - earliest_party).days - 1))
            )
        for name, (choices, weights) in lists.items():
            values[name] = rng.choices(choices, weights)[0] or None
        ws.append([values[name] for name in fields])
    with open(args.file, "wb") as out:
        book.save(out)
    return {"seconds": time.perf_counter() - started, "bytes": Path(args.file).stat().st_size, "sheet": title}


def phase_baseline(args: argparse.Namespace) -> dict[str, Any]:
    """python-calamine alone: the sheet into Python values, every cell visited."""
    from python_calamine import CalamineWorkbook

    data = Path(args.file).read_bytes()
    started = time.perf_counter()
    grid = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = sum(1 for values in grid for value in values if value != "")
    return {"seconds": time.perf_counter() - started, "cells": cells, "rows": len(grid) - 1}


def _read(args: argparse.Namespace) -> tuple[Any, float]:
    from binhdang.registry.importing.reader import read_workbook

    data = Path(args.file).read_bytes()
    started = time.perf_counter()
    workbook = read_workbook(data, Path(args.file).name)
    return workbook, time.perf_counter() - started


def phase_read(args: argparse.Namespace) -> dict[str, Any]:
    workbook, seconds = _read(args)
    return {"seconds": seconds, "rows": sum(len(sheet.rows) for sheet in workbook.sheets)}


def _check(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    from binhdang.registry.importing.validation import build_plan

    province, admin = province_and_admin()
    workbook, read_seconds = _read(args)
    started = time.perf_counter()
    plan = build_plan(workbook, province, admin)
    seconds = time.perf_counter() - started
    del workbook
    totals = plan.totals
    return plan, {
        "seconds": seconds,
        "read_seconds": read_seconds,
        "rows": plan.rows_checked,
        "errors": plan.error_count,
        "warnings": plan.warning_count,
        "created": totals.created,
        "updated": totals.updated,
        "unchanged": totals.unchanged,
        "first_errors": [issue.as_dict() for issue in plan.issues if issue.severity == "error"][:5],
    }


def phase_check(args: argparse.Namespace) -> dict[str, Any]:
    return _check(args)[1]


phase_recheck = phase_check


def phase_import(args: argparse.Namespace) -> dict[str, Any]:
    """What the background job does: read, check again, then write everything in one transaction."""
    from binhdang.core import audit
    from binhdang.registry.importing.writing import apply_plan

    plan, result = _check(args)
    assert not plan.has_errors, result["first_errors"]
    result["check_seconds"] = result.pop("seconds")
    _province, admin = province_and_admin()
    operations = plan.operation_count()
    started = time.perf_counter()
    with audit.acting_as(admin):
        apply_plan(plan, batch=f"bench-import-{os.getpid()}")
    result.update(seconds=time.perf_counter() - started, operations=operations)
    return result


def phase_export(args: argparse.Namespace) -> dict[str, Any]:
    """The staff export of the province administrator's whole registry, as the export page does."""
    from binhdang.registry.importing.workbooks import write_export
    from binhdang.registry.views import staff_queryset

    _province, admin = province_and_admin()
    with tempfile.TemporaryFile(suffix=".xlsx") as out:
        started = time.perf_counter()
        count = write_export(staff_queryset(admin, TODAY).order_by("sort_key", "id"), admin, TODAY, out)
        seconds = time.perf_counter() - started
        size = out.tell()
    return {"seconds": seconds, "rows": count, "bytes": size}


PHASES = {
    "setup": phase_setup,
    "generate": phase_generate,
    "baseline": phase_baseline,
    "read": phase_read,
    "check": phase_check,
    "import": phase_import,
    "recheck": phase_recheck,
    "export": phase_export,
}
NEEDS_DJANGO = {"setup", "generate", "read", "check", "import", "recheck", "export"}


def run_phase(args: argparse.Namespace) -> None:
    """In a phase process: run one phase and print its result, with this process's peak memory."""
    if args.phase in NEEDS_DJANGO:
        setup_django(Path(args.db))
    floor = rss_mib()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        result = profiler.runcall(PHASES[args.phase], args)
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    else:
        result = PHASES[args.phase](args)
    result.update(peak_mib=peak_mib(), floor_mib=floor)
    print(MARK + json.dumps(result, ensure_ascii=False, default=str), flush=True)


# --- The driver ------------------------------------------------------------------------------


def spawn(phase: str, db: Path, file: Path, args: argparse.Namespace, profile: bool = False) -> dict[str, Any]:
    command = [sys.executable, str(HERE), "--phase", phase, "--db", str(db), "--file", str(file)]
    command += ["--rows", str(args.rows), "--seed", str(args.seed)] + (["--profile"] if profile else [])
    completed = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in completed.stdout.splitlines() if line.startswith(MARK)]
    if completed.returncode or not lines:
        sys.stderr.write(completed.stdout)
        raise SystemExit(f"phase {phase} failed (exit status {completed.returncode})")
    return json.loads(lines[-1][len(MARK) :])


def copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def source_version() -> str:
    """The commit measured, with "+changes" when src/ differs from it."""
    root = HERE.parents[1]

    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("+changes" if git("status", "--porcelain", "--", "src") else "")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summarise(runs: list[dict[str, Any]], baselines: list[dict[str, Any]]) -> dict[str, Any]:
    """Median seconds and the highest peak over the runs, with the first run's other figures; the
    ratio is the median of each run's time over the baseline run just before it."""
    result = dict(runs[0])
    for key in ("seconds", "read_seconds", "check_seconds"):
        if key in result:
            result[key] = statistics.median(run[key] for run in runs)
    result["peak_mib"] = max(run["peak_mib"] for run in runs)
    result["samples"] = [round(run["seconds"], 3) for run in runs]
    result["load"] = [run["load"] for run in runs]
    if baselines:
        result["baseline_seconds"] = statistics.median(base["seconds"] for base in baselines)
        result["ratio"] = statistics.median(
            run["seconds"] / base["seconds"] for run, base in zip(runs, baselines, strict=True)
        )
    return result


def main_driver(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.dir or Path(tempfile.gettempdir()) / f"binhdang-bench-import-{args.rows}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    empty, filled, file = work / "empty.sqlite3", work / "filled.sqlite3", work / f"can-bo-{args.rows}.xlsx"
    results: dict[str, Any] = {
        "rows": args.rows,
        "repeat": args.repeat,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_before": [round(load, 2) for load in os.getloadavg()],
        "command": " ".join([".venv/bin/python", "bench/bench_import.py", *sys.argv[1:]]),
        "commit": source_version(),
    }
    setup = spawn("setup", empty, file, args)
    log(f"database: {empty} ({setup['units']} units) in {setup['seconds']:.1f} s")
    results["units"] = setup["units"]
    results["generate"] = spawn("generate", empty, file, args)
    log(f"generated {file} ({results['generate']['bytes'] / MIB:.1f} MiB) in {results['generate']['seconds']:.1f} s")

    all_baselines: list[dict[str, Any]] = []

    def measured(phase: str, db: Path) -> dict[str, Any]:
        load = os.getloadavg()[0]
        run = spawn(phase, db, file, args)
        run["load"] = round((load + os.getloadavg()[0]) / 2, 2)
        log(f"  {phase}: {run['seconds']:.2f} s, peak {run['peak_mib']:.0f} MiB, load {run['load']:.2f}")
        return run

    def repeated(phase: str, db: Path, before: Any = None) -> dict[str, Any]:
        """The phase --repeat times, each run just after a baseline run, under the same load."""
        runs, baselines = [], []
        for _index in range(args.repeat):
            baselines.append(measured("baseline", empty))
            if before:
                before()
            runs.append(measured(phase, db))
        all_baselines.extend(baselines)
        return summarise(runs, baselines)

    results["read"] = repeated("read", empty)
    results["check"] = repeated("check", empty)
    assert results["check"]["errors"] == 0, results["check"]["first_errors"]
    assert results["check"]["created"] == args.rows, results["check"]
    results["import"] = repeated("import", filled, before=lambda: copy_database(empty, filled))
    results["recheck"] = repeated("recheck", filled)
    assert results["recheck"]["unchanged"] == args.rows, results["recheck"]
    results["export"] = repeated("export", filled)
    assert results["export"]["rows"] == args.rows, results["export"]
    results["baseline"] = summarise(all_baselines, [])
    results["load_after"] = [round(load, 2) for load in os.getloadavg()]
    results["database_mib"] = round(filled.stat().st_size / MIB, 1)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return results


def print_table(results: dict[str, Any]) -> None:
    rows = results["rows"]
    base = results["baseline"]
    print(
        f"Spreadsheet import, {rows:,} rows ({results['units']} units, SQLite, Python {results['python']}, "
        f"{results['cpus']} CPUs, load {results['load_before'][0]:.2f} -> {results['load_after'][0]:.2f}, "
        f"commit {results['commit']}); "
        f"medians of {results['repeat']} runs, each phase in a fresh process"
    )
    generate = results["generate"]
    print(
        f"  workbook generated (openpyxl write-only): {generate['seconds']:.1f} s, {generate['bytes'] / MIB:.1f} MiB, "
        f"sheet “{generate['sheet']}”"
    )
    print(f"  {'phase':46} {'time':>9} {'rows/s':>9} {'peak RSS':>10} {'ratio':>7} {'load':>5}")

    def line(name: str, phase: dict[str, Any], seconds: float, peak: bool, ratio: float) -> None:
        peak_text = f"{phase['peak_mib']:6.0f} MiB" if peak else " " * 10
        load = f"{statistics.median(phase['load']):5.2f}" if peak else ""
        print(f"  {name:46} {seconds:7.2f} s {rows / seconds:9,.0f} {peak_text} {ratio:7.2f} {load}")

    line("baseline: calamine, every cell", base, base["seconds"], True, 1.0)
    read = results["read"]
    line("read_workbook", read, read["seconds"], True, read["ratio"])
    for title, name, parts, label in (
        ("build_plan, empty registry", "check", ("read_seconds",), "  check = read + build_plan (upload)"),
        (
            "apply_plan (one transaction)",
            "import",
            ("read_seconds", "check_seconds"),
            "  import job = read + check + apply",
        ),
        ("build_plan, filled registry (all unchanged)", "recheck", ("read_seconds",), "  re-check = read + build_plan"),
    ):
        phase = results[name]
        line(title, phase, phase["seconds"], False, phase["ratio"])
        total = phase["seconds"] + sum(phase[part] for part in parts)
        line(label, phase, total, True, total / phase["baseline_seconds"])
    export = results["export"]
    line("write_export, all people", export, export["seconds"], True, export["ratio"])
    check, imported, recheck = results["check"], results["import"], results["recheck"]
    print(
        f"  check: {check['errors']} errors, {check['warnings']} warnings, {check['created']:,} to create; "
        f"import: {imported['operations']:,} operations; re-check: {recheck['unchanged']:,} unchanged; "
        f"export {export['bytes'] / MIB:.1f} MiB; database {results['database_mib']} MiB; "
        f"process floor after django.setup() {check['floor_mib']:.0f} MiB"
    )

    def against(value: float, target: float, higher_is_better: bool) -> str:
        met = value >= target if higher_is_better else value < target
        return "ok" if met else "MISSED"

    verdicts = []
    for label, phase in (("new people", check), ("re-check", recheck)):
        rate = rows / phase["seconds"]
        verdict = against(rate, VALIDATION_TARGET, True)
        verdicts.append(f"validation ({label}) {rate:,.0f} rows/s [{verdict}: ≥ {VALIDATION_TARGET:,}]")
    for label, phase in (("check", check), ("import", imported), ("re-check", recheck)):
        peak = phase["peak_mib"]
        verdicts.append(f"peak {label} {peak:.0f} MiB [{against(peak, MEMORY_TARGET, False)}: < {MEMORY_TARGET}]")
    print("  targets: " + "; ".join(verdicts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each phase (default 3; the median is shown)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the database and workbook under --dir")
    parser.add_argument("--dir", help="working directory (default: a fresh one under /tmp)")
    parser.add_argument(
        "--profile",
        nargs="?",
        const=True,
        default=False,
        help="with --phase: run it under cProfile, statistics to stderr. Without --phase: the name of a phase "
        "(check, import, recheck, export) to profile once after the measurements, on a kept copy",
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    if args.phase:
        run_phase(args)
        return
    profile = args.profile if isinstance(args.profile, str) else None
    if profile:
        args.keep = True
    results = main_driver(args)
    print_table(results)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    if profile:
        work = Path(args.dir or Path(tempfile.gettempdir()) / f"binhdang-bench-import-{args.rows}")
        db = work / ("empty.sqlite3" if profile == "check" else "filled.sqlite3")
        if profile == "import":
            copy_database(work / "empty.sqlite3", db)
        log(f"profiling {profile} on {db}")
        spawn(profile, db, work / f"can-bo-{args.rows}.xlsx", args, profile=True)


if __name__ == "__main__":
    main()
