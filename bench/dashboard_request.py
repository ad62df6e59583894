"""Time one cached dashboard request in one process, against the database of `make prod`.

    PYTHONPATH=$PWD/src .venv/bin/python bench/dashboard_request.py [--repeat 10]

Signs in the bench account of the largest province (made by bench/load.py), loads its dashboard once
(to fill the cache), then prints the median of --repeat loads through Django's test client, and of
the template rendering inside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    import prod

    env = prod.environment(argparse.Namespace(port=8100))
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        os.environ.setdefault(name, env[name])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.settings")
    import django

    django.setup()
    from django.test import Client

    from binhdang.accounts.models import User
    from binhdang.indicators import views

    user = User.objects.get(username="tai.lon")
    client = Client()
    client.force_login(user)
    url = f"/dashboard/?unit={user.unit_id}"
    client.get(url, HTTP_HOST="127.0.0.1")
    rendering: list[float] = []
    real = views.render

    def timed_render(*a, **kw):
        started = time.perf_counter()
        response = real(*a, **kw)
        rendering.append(time.perf_counter() - started)
        return response

    views.render = timed_render
    totals = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
        totals.append(time.perf_counter() - started)
    load = os.getloadavg()[0]
    print(
        f"dashboard of {user.unit.name}: median {1000 * statistics.median(totals):.0f} ms "
        f"(rendering {1000 * statistics.median(rendering):.0f} ms), {args.repeat} loads, load average {load:.1f}"
    )


if __name__ == "__main__":
    main()
