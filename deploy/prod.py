"""The production topology on this machine, on loopback: `make prod` (start) and `make prod-stop`.

    nginx 127.0.0.1:8100 ── static files from var/static, /metrics for loopback only
      ├── gunicorn app server 127.0.0.1:8101 (2 workers × 4 threads)
      └── gunicorn app server 127.0.0.1:8102
    db_worker × 3 (the job queue, on PostgreSQL)
    PostgreSQL 127.0.0.1:5432 (database binhdang_prod), Redis 127.0.0.1:6379/3 (cache)

supervisord runs and watches them all (a process that dies is started again); its configuration,
nginx's, the logs (JSON lines), the metrics of the worker processes and a secret key are written
under var/prod/. Start: migrate, load the demo province once (`binhdang demo --if-empty`),
collect the static files, start supervisord, wait until /health/ answers through nginx.

    python deploy/prod.py start|stop|status [--port 8100] [--app-servers 2] [--workers 3]

Settings come from the environment with these defaults: PROD_DATABASE_URL, PROD_REDIS_URL,
GUNICORN_WORKERS, GUNICORN_THREADS; any other variable of settings.py (SECRET_KEY, ALLOWED_HOSTS...)
passes through.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PROD = ROOT / "var" / "prod"
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/binhdang_prod"
DEFAULT_REDIS = "redis://127.0.0.1:6379/3"

UNAVAILABLE_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
<title>503 — Bình Đẳng</title></head>
<body style="font-family: Arial, sans-serif; max-width: 40rem; margin: 12vh auto">
<h1>Hệ thống đang tạm ngừng phục vụ.</h1>
<p>Vui lòng thử lại sau một phút. Nếu trang này vẫn hiện, hãy báo cho người quản trị hệ thống.</p>
<p lang="en">The platform is not answering right now. Please try again in a minute.</p>
</body></html>
"""


def environment(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    key_file = PROD / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    env.update(
        {
            "DATABASE_URL": os.environ.get("PROD_DATABASE_URL", DEFAULT_DATABASE),
            "REDIS_URL": os.environ.get("PROD_REDIS_URL", DEFAULT_REDIS),
            "SECRET_KEY": os.environ.get("SECRET_KEY") or key_file.read_text().strip(),
            "DEBUG": "false",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
            "ACCESS_LOG": "true",
            "PROMETHEUS_MULTIPROC_DIR": str(PROD / "metrics"),
            "SITE_URL": f"http://127.0.0.1:{args.port}",
            # The code of this checkout, whichever virtualenv runs it.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])),
            "DJANGO_SETTINGS_MODULE": "binhdang.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def binhdang(env: dict[str, str], *command: str) -> None:
    subprocess.run([str(BIN / "binhdang"), *command], env=env, check=True, cwd=ROOT)


def create_database(url: str) -> None:
    """The PostgreSQL server runs already; create the database if it is missing."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        sys.exit(
            "nginx is not installed: run `make prod` as root (it installs Debian's nginx) or `apt-get install nginx`"
        )
    return found


def write_configuration(args: argparse.Namespace, env: dict[str, str]) -> None:
    for folder in ("log", "metrics", "nginx"):
        (PROD / folder).mkdir(parents=True, exist_ok=True)
    # Samples of processes of an earlier run would be added to this run's (prometheus multiprocess).
    for stale in (PROD / "metrics").glob("*.db"):
        stale.unlink()
    ports = [args.port + 1 + n for n in range(args.app_servers)]
    upstreams = "\n".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=3s;" for port in ports)
    static = env.get("STATIC_ROOT", str(ROOT / "var" / "static"))
    values = {"prod": str(PROD), "root": str(ROOT), "bin": str(BIN), "static": static}
    nginx = Template((DEPLOY / "nginx.conf.in").read_text()).substitute(
        values, listen=f"127.0.0.1:{args.port}", upstreams=upstreams
    )
    (PROD / "nginx.conf").write_text(nginx)
    (PROD / "_unavailable.html").write_text(UNAVAILABLE_PAGE)
    apps = "\n".join(
        f"""[program:app-{port}]
command = {BIN}/gunicorn -c {DEPLOY}/gunicorn.conf.py -b 127.0.0.1:{port} binhdang.wsgi
autorestart = true
startsecs = 3
startretries = 1000
stopsignal = TERM
stopwaitsecs = 30
redirect_stderr = true
stdout_logfile = {PROD}/log/app-{port}.log
"""
        for port in ports
    )
    supervisor = Template((DEPLOY / "supervisord.conf.in").read_text()).substitute(
        values, apps=apps, workers=args.workers, nginx=nginx_binary()
    )
    (PROD / "supervisord.conf").write_text(supervisor)
    subprocess.run([nginx_binary(), "-t", "-q", "-p", str(PROD), "-c", str(PROD / "nginx.conf")], check=True)


def running() -> bool:
    pid_file = PROD / "supervisord.pid"
    if not pid_file.exists():
        return False
    try:
        os.kill(int(pid_file.read_text().strip()), 0)
    except (ValueError, ProcessLookupError):
        return False
    return True


def wait_for_health(port: int, seconds: float = 90) -> dict[str, object]:
    import json

    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            last = f"{error.code} {error.read()[:300]!r}"
        except OSError as error:
            last = str(error)
        time.sleep(1)
    sys.exit(f"/health/ did not answer 200 within {seconds:.0f} s: {last} (logs in {PROD / 'log'})")


def start(args: argparse.Namespace) -> None:
    if running():
        print(f"already running (var/prod/supervisord.pid); `make prod-stop` first. http://127.0.0.1:{args.port}/")
        return
    PROD.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    create_database(env["DATABASE_URL"])
    binhdang(env, "migrate", "--noinput", "-v0")
    binhdang(env, "demo", "--if-empty")
    binhdang(env, "collectstatic", "--noinput", "-v0")
    write_configuration(args, env)
    subprocess.run([str(BIN / "supervisord"), "-c", str(PROD / "supervisord.conf")], env=env, check=True, cwd=ROOT)
    health = wait_for_health(args.port)
    print(f"Bình Đẳng (production topology): http://127.0.0.1:{args.port}/  health: {health['status']}")
    print(
        f"  {args.app_servers} app servers on ports {args.port + 1}–{args.port + args.app_servers}, "
        f"{args.workers} job workers; logs in var/prod/log/; stop with `make prod-stop`"
    )


def stop(args: argparse.Namespace) -> None:
    if not running():
        print("not running")
        return
    pid = int((PROD / "supervisord.pid").read_text().strip())
    # SIGTERM makes supervisord stop every process it runs, then exit (no need for its client).
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            print("stopped")
            return
        time.sleep(0.5)
    sys.exit(f"supervisord (pid {pid}) is still running after 60 s")


def status(args: argparse.Namespace) -> None:
    if not running():
        print("not running")
        return
    subprocess.run([str(BIN / "supervisorctl"), "-c", str(PROD / "supervisord.conf"), "status"], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("start", "stop", "status"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PROD_PORT", "8100")))
    parser.add_argument("--app-servers", type=int, default=int(os.environ.get("PROD_APP_SERVERS", "2")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("PROD_WORKERS", "3")))
    args = parser.parse_args()
    if args.app_servers < 1 or args.workers < 1:
        parser.error("at least one app server and one worker")
    {"start": start, "stop": stop, "status": status}[args.action](args)


if __name__ == "__main__":
    main()
