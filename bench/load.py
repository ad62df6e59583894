"""Load and fault tests of the production topology: `make load` (after `make prod`).

Virtual users (an asyncio loop over httpx, on loopback only) sign in once per account and then
repeat: request a page, think 0.5–1.5 s, request the next. Every scenario is bounded in users and
seconds. Scenarios, in order:

* dashboard  — 50 users on the dashboard of the largest province (aim: p95 ≤ 300 ms, 0 errors);
* mixed      — 50, then 100, then 200 users mixing dashboard, staff list, person page, report
               preview, with one importer uploading and importing a 50-row workbook every 15 s;
* app-server — 30 mixed users; after 10 s one gunicorn app server (master and workers) is killed
               with SIGKILL: nginx must route around it while supervisord starts it again;
* worker     — a 3,000-row import; its job worker is killed with SIGKILL while it runs; what
               happens to the job is watched for 90 s (reported, not judged: detecting a dead
               worker's job is another part of the work);
* database   — 30 mixed users; after 10 s PostgreSQL is stopped for 10 s (`pg_ctlcluster`, started
               again by a trap whatever happens): pages must answer the Vietnamese 503 page, then
               recover by themselves.

    python bench/load.py [--scenarios dashboard,mixed,app-server,worker,database] [--write-docs]

The data: the demo province (logins, reports) plus the largest province of the national generator,
`binhdang demo --scale national --provinces 1 --factor 0.78` (Hà Nội, about 57,000 staff), in the
database of `make prod`. The script creates two bench accounts in it (agency administrators of the
two provinces). With --write-docs the figures replace the section between the load markers of
docs/performance.md, with the command that produced them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import io
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
BASE = os.environ.get("LOAD_BASE_URL", "http://127.0.0.1:8100")
PASSWORD = "tai-thu-nghiem-2026"
THINK = (0.5, 1.5)
TIMEOUT = 30.0
OUTAGE_TEXT = "Hệ thống tạm thời không kết nối được cơ sở dữ liệu"
MIX = (("dashboard", 40), ("staff_list", 25), ("person", 20), ("report", 15))
PG_START = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"]
PG_STOP = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "stop", "-m", "fast"]


# --- Django side: accounts and ids, read from the database of `make prod` ------------------------------


@dataclass
class Fixture:
    big_unit: int  # the largest province
    big_name: str
    big_staff: int
    demo_unit: int  # the demo province: reports, imports
    import_unit_code: str
    people: list[int]
    reports: list[int]


def django_setup() -> None:
    import prod

    env = prod.environment(argparse.Namespace(port=8100))
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        os.environ.setdefault(name, env[name])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def prepare() -> Fixture:
    from django.db.models import Count

    from binhdang.accounts.models import User
    from binhdang.orgs.models import OrgUnit, subtree_q
    from binhdang.registry.models import Employment
    from binhdang.reports.models import Report

    provinces = list(OrgUnit.objects.filter(depth=1))
    sizes = dict(
        Employment.objects.filter(end_date__isnull=True)
        .values_list("unit__path")
        .annotate(n=Count("id"))
        .values_list("unit__path", "n")
    )
    staff = {p.pk: sum(n for path, n in sizes.items() if path.startswith(p.path)) for p in provinces}
    big = max(provinces, key=lambda p: staff[p.pk])
    demo = min(provinces, key=lambda p: staff[p.pk])
    if big.pk == demo.pk:
        sys.exit(
            "Build a large province beside the demo one: binhdang demo --scale national --provinces 1 --factor 0.78"
        )
    for username, unit in (("tai.lon", big), ("tai.mau", demo)):
        # Committee secretaries: they see the dashboard, the staff and the reports and import staff, and sign in
        # with the password alone (administrators must give a second factor since two-factor sign-in landed).
        user, _created = User.objects.get_or_create(username=username, defaults={"role": "secretary", "unit": unit})
        user.role, user.unit, user.full_name, user.is_active = "secretary", unit, f"Thử tải {unit.code}", True
        user.set_password(PASSWORD)
        user.save()
    people = list(
        Employment.objects.filter(subtree_q(big.path, "unit__"), end_date__isnull=True)
        .order_by("?")
        .values_list("person_id", flat=True)[:500]
    )
    reports = list(Report.objects.filter(subtree_q(demo.path, "unit__")).values_list("pk", flat=True)[:20])
    division = (
        OrgUnit.objects.filter(subtree_q(demo.path), kind="division", valid_to__isnull=True).order_by("path").first()
    )
    return Fixture(big.pk, big.name, staff[big.pk], demo.pk, division.code, people, reports)


def workbook(rows: int, tag: str, unit_code: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Cán bộ"
    sheet.append(["Mã cán bộ", "Họ và tên đệm", "Tên", "Giới tính", "Ngày sinh", "Dân tộc", "Đơn vị"])
    given = ("An", "Bình", "Chi", "Dũng", "Hà", "Lan", "Minh", "Nga", "Phúc", "Thảo")
    for n in range(rows):
        sex = "Nữ" if n % 2 else "Nam"
        family = "Nguyễn Thị" if n % 2 else "Trần Văn"
        birth = datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28).strftime("%d/%m/%Y")
        sheet.append([f"T{tag}{n:05d}", family, given[n % 10], sex, birth, "Kinh", unit_code])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_status(job_id: int) -> tuple[str, str]:
    from django.db import close_old_connections
    from django_tasks_db.models import DBTaskResult

    from binhdang.registry.models import ImportJob

    close_old_connections()
    job = ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or "?"
    task = (
        DBTaskResult.objects.filter(args_kwargs__args=[job_id], task_path__endswith="run_import")
        .order_by("-enqueued_at")
        .values_list("status", "worker_ids")
        .first()
    )
    return job, f"{task[0]} {task[1]}" if task else "-"


# --- HTTP side -------------------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    timeline: list[tuple[float, str, str, float]] = field(default_factory=list)  # (t, action, status, s)
    outage_pages: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, action: str, status: str, seconds: float, body: str = "") -> None:
        self.latencies[action].append(seconds)
        self.statuses[action][status] += 1
        self.timeline.append((time.monotonic() - self.started, action, status, seconds))
        if status == "503" and OUTAGE_TEXT in body:
            self.outage_pages += 1

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for action in sorted(self.latencies):
            values = sorted(self.latencies[action])
            ok = self.statuses[action].get("200", 0) + self.statuses[action].get("302", 0)
            out.append(
                {
                    "action": action,
                    "requests": len(values),
                    "errors": len(values) - ok,
                    "statuses": dict(self.statuses[action]),
                    "p50_ms": round(1000 * percentile(values, 50)),
                    "p95_ms": round(1000 * percentile(values, 95)),
                    "p99_ms": round(1000 * percentile(values, 99)),
                    "max_ms": round(1000 * values[-1]),
                }
            )
        return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def drained(seconds: float = 90) -> float:
    """Wait until the servers have worked off what timed-out clients left them (requests a client gave up
    on still run): /health/ answers within a second. Returns the seconds waited."""
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=BASE, timeout=1) as probe:
        while time.monotonic() - started < seconds:
            with contextlib.suppress(httpx.HTTPError):
                if (await probe.get("/health/")).status_code == 200:
                    break
            await asyncio.sleep(1)
    return time.monotonic() - started


async def sign_in(username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(
        base_url=BASE,
        timeout=TIMEOUT,
        limits=httpx.Limits(max_connections=400, max_keepalive_connections=400),
        follow_redirects=False,
    )
    await drained()
    page = await client.get("/accounts/login/", timeout=90)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""}
    answer = await client.post(
        "/accounts/login/", data=data, headers={"Referer": f"{BASE}/accounts/login/"}, timeout=90
    )
    if answer.status_code != 302:
        raise SystemExit(f"sign-in of {username} failed: {answer.status_code} {answer.text[:300]}")
    return client


async def timed(client: httpx.AsyncClient, stats: Stats, action: str, method: str, url: str, **kw: Any) -> Any:
    started = time.monotonic()
    try:
        response = await client.request(method, url, **kw)
    except httpx.HTTPError as error:
        stats.add(action, type(error).__name__, time.monotonic() - started)
        return None
    body = response.text if response.status_code == 503 else ""
    stats.add(action, str(response.status_code), time.monotonic() - started, body)
    return response


def url_of(action: str, fx: Fixture, rng: random.Random) -> tuple[str, str]:
    if action == "dashboard":
        return "big", f"/dashboard/?unit={fx.big_unit}"
    if action == "staff_list":
        return "big", f"/staff/?page={rng.randint(1, 20)}"
    if action == "person":
        return "big", f"/staff/{rng.choice(fx.people)}/"
    return "demo", f"/reports/{rng.choice(fx.reports)}/"


async def user_loop(
    clients: dict[str, httpx.AsyncClient], fx: Fixture, stats: Stats, until: float, mix: Any, seed: int
) -> None:
    rng = random.Random(seed)
    actions, weights = zip(*mix, strict=True)
    await asyncio.sleep(rng.uniform(0, THINK[1]))  # users arrive spread out, not all in the same instant
    while time.monotonic() < until:
        action = rng.choices(actions, weights)[0]
        account, url = url_of(action, fx, rng)
        await timed(clients[account], stats, action, "GET", url)
        await asyncio.sleep(rng.uniform(*THINK))


async def run_import(
    client: httpx.AsyncClient,
    fx: Fixture,
    stats: Stats,
    rows: int,
    tag: str,
    wait: float = 120,
    uploaded: asyncio.Future | None = None,
) -> int | None:
    """Upload, confirm, and wait for the end of one import; returns the job id (also given to
    `uploaded` as soon as it is known)."""
    data = await asyncio.to_thread(workbook, rows, tag, fx.import_unit_code)
    token = client.cookies.get("csrftoken", "")
    headers = {"X-CSRFToken": token, "Referer": f"{BASE}/staff/imports/"}
    files = {"file": (f"tai-{tag}.xlsx", data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
    started = time.monotonic()
    upload = await timed(
        client,
        stats,
        "import_upload",
        "POST",
        "/staff/imports/",
        data={"unit": fx.demo_unit},
        files=files,
        headers=headers,
    )
    if upload is None or upload.status_code != 302:
        return None
    job_id = int(re.search(r"/imports/(\d+)/", upload.headers["location"]).group(1))
    if uploaded is not None:
        uploaded.set_result(job_id)
    await timed(
        client,
        stats,
        "import_run",
        "POST",
        f"/staff/imports/{job_id}/run/",
        data={"confirm_warnings": "on"},
        headers=headers,
    )
    while time.monotonic() - started < wait:
        status, _task = await asyncio.to_thread(import_status, job_id)
        if status in ("done", "failed"):
            stats.add(
                f"import_{rows}_rows_end_to_end", "200" if status == "done" else "failed", time.monotonic() - started
            )
            return job_id
        await asyncio.sleep(0.5)
    stats.add(f"import_{rows}_rows_end_to_end", "timeout", time.monotonic() - started)
    return job_id


async def importer_loop(client: httpx.AsyncClient, fx: Fixture, stats: Stats, until: float, tag: str) -> None:
    n = 0
    while time.monotonic() < until - 15:
        await run_import(client, fx, stats, 50, f"{tag}{n:03d}", wait=max(5, until - time.monotonic()))
        n += 1
        await asyncio.sleep(15)


async def stage(
    fx: Fixture, users: int, seconds: float, mix: Any, importer: str = "", fault: Any = None
) -> tuple[Stats, Any]:
    clients = {"big": await sign_in("tai.lon"), "demo": await sign_in("tai.mau")}
    stats = Stats()
    until = time.monotonic() + seconds
    tasks = [asyncio.create_task(user_loop(clients, fx, stats, until, mix, seed)) for seed in range(users)]
    if importer:
        tasks.append(asyncio.create_task(importer_loop(clients["demo"], fx, stats, until, importer)))
    fault_result = await fault(stats) if fault else None
    await asyncio.gather(*tasks)
    for client in clients.values():
        await client.aclose()
    return stats, fault_result


# --- Faults ------------------------------------------------------------------------------------------------


def supervisor_pid(name: str) -> int:
    import prod

    out = subprocess.run(
        [str(prod.BIN / "supervisorctl"), "-c", str(prod.PROD / "supervisord.conf"), "pid", name],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return int(out)


def kill_tree(pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    killed = [pid, *map(int, children)]
    for each in killed:
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, 9)
    return killed


async def kill_app_server(stats: Stats) -> dict[str, Any]:
    await asyncio.sleep(10)
    pid = supervisor_pid("app-8101")
    killed_at = time.monotonic() - stats.started
    killed = kill_tree(pid)
    back = None
    for _ in range(120):
        await asyncio.sleep(0.5)
        with contextlib.suppress(Exception):
            new = supervisor_pid("app-8101")
            if new and new != pid:
                async with httpx.AsyncClient(timeout=2) as probe:
                    if (await probe.get("http://127.0.0.1:8101/health/")).status_code == 200:
                        back = time.monotonic() - stats.started
                        break
    return {"killed": killed, "killed_at_s": round(killed_at, 1), "back_at_s": round(back, 1) if back else None}


def pg_is_up() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


async def stop_database(stats: Stats) -> dict[str, Any]:
    await asyncio.sleep(10)
    stopped_at = time.monotonic() - stats.started
    # The trap starts PostgreSQL again whatever happens to this script (Ctrl+C, an error, a kill). The
    # wait is what is left of 8 s after the stop (which takes seconds on a busy machine); starting takes
    # the rest: PostgreSQL is down for about 10 s in all.
    script = (
        f"trap '{' '.join(PG_START)}' EXIT INT TERM HUP; t0=$(date +%s%N); {' '.join(PG_STOP)}; "
        "left=$(( 8000 - ($(date +%s%N) - t0) / 1000000 )); "
        "if [ $left -gt 0 ]; then sleep $(printf '%d.%03d' $((left / 1000)) $((left % 1000))); fi"
    )
    process = await asyncio.create_subprocess_exec("bash", "-c", script)
    try:
        health_during = None
        await asyncio.sleep(4)
        async with httpx.AsyncClient(base_url=BASE, timeout=5) as probe:
            answer = await probe.get("/health/")
            health_during = (answer.status_code, answer.json().get("checks", {}).get("database", {}).get("ok"))
        await process.wait()
    finally:
        if not pg_is_up():
            subprocess.run(PG_START, check=False)
    started_at = time.monotonic() - stats.started
    recovered = None
    async with httpx.AsyncClient(base_url=BASE, timeout=5) as probe:
        for _ in range(60):
            with contextlib.suppress(httpx.HTTPError):
                if (await probe.get("/health/")).status_code == 200:
                    recovered = time.monotonic() - stats.started
                    break
            await asyncio.sleep(0.25)
    return {
        "stopped_at_s": round(stopped_at, 1),
        "started_at_s": round(started_at, 1),
        "health_during": health_during,
        "healthy_again_at_s": round(recovered, 1) if recovered else None,
    }


async def kill_worker_mid_import(fx: Fixture) -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    client = await sign_in("tai.mau")
    stats = Stats()
    tag = f"W{int(time.time()) % 100000:05d}"
    uploaded: asyncio.Future = asyncio.get_running_loop().create_future()
    job = asyncio.create_task(run_import(client, fx, stats, 3000, tag, wait=90, uploaded=uploaded))
    job_id = await asyncio.wait_for(uploaded, 120)

    def worker_running_it() -> str:
        row = (
            DBTaskResult.objects.filter(status="RUNNING", args_kwargs__args=[job_id], task_path__endswith="run_import")
            .values_list("worker_ids", flat=True)
            .first()
        )
        return row[-1] if row else ""

    killed: dict[str, Any] = {"job": job_id}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "worker" not in killed:
        await asyncio.sleep(0.3)
        worker = await asyncio.to_thread(worker_running_it)
        if worker:
            await asyncio.sleep(2)  # well into the job
            pid = supervisor_pid(f"worker:{worker}")
            kill_tree(pid)
            killed.update(worker=worker, pid=pid, at_s=round(time.monotonic() - stats.started, 1))
    await job
    status = await asyncio.to_thread(import_status, job_id)
    await client.aclose()
    return {**killed, "after_90_s": {"import_job": status[0], "task": status[1]}, "stats": stats.rows()}


# --- Report ------------------------------------------------------------------------------------------------


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| request | n | errors | statuses | p50 | p95 | p99 | max |", "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(row["statuses"].items()))
        lines.append(
            f"| {row['action']} | {row['requests']} | {row['errors']} | {statuses} | {row['p50_ms']} ms | "
            f"{row['p95_ms']} ms | {row['p99_ms']} ms | {row['max_ms']} ms |"
        )
    return "\n".join(lines)


def window(stats: Stats, start: float, end: float) -> Counter[str]:
    return Counter(status for t, _action, status, _s in stats.timeline if start <= t < end)


async def main_async(args: argparse.Namespace) -> str:
    fx = await asyncio.to_thread(prepare)
    run_tag = f"{int(time.time()) % 100000:05d}"
    out = [
        f"Data: {fx.big_name} ({fx.big_staff:,} staff) for the dashboard, staff list and person pages; the demo "
        f"province for reports and imports. Users think {THINK[0]}–{THINK[1]} s between requests.",
        "",
    ]
    load = os.getloadavg()
    out.append(f"Machine load before the run (1/5/15 min): {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.")
    out.append("")
    chosen = args.scenarios.split(",")
    try:
        await scenarios(fx, args, chosen, run_tag, out)
    except Exception as error:  # keep what was measured; say where it stopped
        out.append(f"**The run stopped**: {type(error).__name__}: {error}")
    return "\n".join(out)


async def scenarios(fx: Fixture, args: argparse.Namespace, chosen: list[str], run_tag: str, out: list[str]) -> None:
    # Warm-up: a new stamp, so the first load evaluates and fills the cache (measured on its own).
    from binhdang.indicators import stamp

    await asyncio.to_thread(stamp.renew)
    warm = Stats()
    client = await sign_in("tai.lon")
    await timed(client, warm, "dashboard_first_load", "GET", f"/dashboard/?unit={fx.big_unit}&warm={run_tag}")
    await timed(client, warm, "dashboard_first_load", "GET", f"/dashboard/?unit={fx.big_unit}")
    await client.aclose()
    firsts = ", ".join(f"{1000 * s:.0f} ms" for s in warm.latencies["dashboard_first_load"])
    out.append(f"Dashboard loads after a new stamp (the first evaluates and fills the cache): {firsts}.")
    out.append("")
    if "dashboard" in chosen:
        stats, _ = await stage(fx, 50, args.seconds, (("dashboard", 1),))
        rows = stats.rows()
        dash = rows[0]
        verdict = "met" if dash["p95_ms"] <= 300 and dash["errors"] == 0 else "**missed**"
        out += [
            f"### Dashboard, 50 users, {args.seconds:.0f} s (aim p95 ≤ 300 ms, 0 errors: {verdict})",
            "",
            table(rows),
            "",
        ]
        print(out[-2])
    if "mixed" in chosen:
        for users in (50, 100, 200):
            stats, _ = await stage(fx, users, args.seconds, MIX, importer=f"M{run_tag}{users}")
            total = sum(r["requests"] for r in stats.rows())
            out += [
                f"### Mixed, {users} users, {args.seconds:.0f} s ({total / args.seconds:.1f} requests/s)",
                "",
                table(stats.rows()),
                "",
            ]
            print(out[-2])
    if "app-server" in chosen:
        stats, fault = await stage(fx, 30, 40, MIX, fault=kill_app_server)
        before = window(stats, 0, fault["killed_at_s"])
        during = window(stats, fault["killed_at_s"], (fault["back_at_s"] or 40) + 1)
        out += [
            "### One app server killed under load (30 users, 40 s)",
            "",
            f"gunicorn app server on 8101 (master and workers, pids {fault['killed']}) killed with SIGKILL at "
            f"{fault['killed_at_s']} s; supervisord had it answering again at {fault['back_at_s']} s. Answers "
            f"before the kill: {dict(before)}; between the kill and its return: {dict(during)}.",
            "",
            table(stats.rows()),
            "",
        ]
        print(out[-2])
    if "worker" in chosen:
        result = await kill_worker_mid_import(fx)
        out += [
            "### A job worker killed in the middle of an import (3,000 rows)",
            "",
            f"Killed {result.get('worker')} (pid {result.get('pid')}) running import job {result.get('job')} "
            f"at {result.get('at_s')} s. After 90 s: import job `{result['after_90_s']['import_job']}`, "
            f"task `{result['after_90_s']['task']}`.",
            "",
            table(result["stats"]),
            "",
        ]
        print(out[-4])
    if "database" in chosen:
        stats, fault = await stage(fx, 30, 45, MIX, fault=stop_database)
        down = window(stats, fault["stopped_at_s"], fault["started_at_s"])
        after = window(stats, fault["healthy_again_at_s"] or fault["started_at_s"], 45)
        out += [
            "### PostgreSQL stopped under load (30 users, 45 s)",
            "",
            f"Stopped at {fault['stopped_at_s']} s, started at {fault['started_at_s']} s; /health/ during the stop: "
            f"{fault['health_during']}; /health/ 200 again at {fault['healthy_again_at_s']} s (no manual restart of "
            f"anything else). Answers while it was down: {dict(down)}, of which {stats.outage_pages} were the "
            f"Vietnamese 503 page; after: {dict(after)}.",
            "",
            table(stats.rows()),
            "",
        ]
        print(out[-4])


BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"


def write_docs(text: str, command: str) -> None:
    path = ROOT / "docs" / "performance.md"
    doc = path.read_text()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    section = (
        f"{BEGIN}\nMeasured {datetime.datetime.now():%d/%m/%Y %H:%M} at commit {commit.strip()} with "
        f"`{command}` (written by the script).\n\n{text}\n{END}"
    )
    if BEGIN in doc:
        doc = doc[: doc.index(BEGIN)] + section + doc[doc.index(END) + len(END) :]
    else:
        doc = doc.rstrip() + "\n\n## Load and faults on the production topology (`make load`)\n\n" + section + "\n"
    path.write_text(doc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", default="dashboard,mixed,app-server,worker,database")
    parser.add_argument("--seconds", type=float, default=45, help="length of the dashboard and mixed stages")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not BASE.startswith(("http://127.0.0.1", "http://localhost")):
        sys.exit("load tests run against loopback only")
    django_setup()
    text = asyncio.run(main_async(args))
    print(text)
    if args.write_docs:
        write_docs(text, "python bench/load.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
