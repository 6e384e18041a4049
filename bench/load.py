"""Load benchmarks at national scale behind gunicorn (issue 12), printed as ratios to a bare view (``make bench``).

    .venv/bin/python bench/load.py                     # build (or reuse) portal_bench, then every scenario
    BENCH_SECONDS=10 BENCH_USERS=6 .venv/bin/python bench/load.py --only bare,enterprises

What it does, on 127.0.0.1 only:

1. ``bench/national.py`` builds the national data set in PostgreSQL (reused when it is already there).
2. gunicorn serves ``portal.wsgi`` with ``bench.settings`` (the portal's settings in production mode, plus the bare
   view at ``/bench/bare/``), against PostgreSQL and Redis (db 8 unless REDIS_URL is set).
3. locust (headless, FastHttpUser) drives one scenario at a time, bounded in users (BENCH_USERS, 8), time
   (BENCH_SECONDS, 20 s) and count (BENCH_MAX, 20,000 requests), each after a warm-up run (BENCH_WARMUP, 3 s)
   whose figures are dropped. Each scenario's requests per second is divided by the bare view's, the two measured
   on the same server in alternating rounds (BENCH_ROUNDS, 3, of BENCH_SECONDS / BENCH_ROUNDS each: the machine's
   speed drifts, and alternating exposes both to the same drift); the uncached dashboards run on a second gunicorn
   whose cache is Django's DummyCache (nothing is ever cached) and are divided by that server's own bare view.
   Latencies are every request's own response time (locust's percentiles are rounded to whole milliseconds).
4. Latency: the district dashboard's p50 with one user one request at a time (unloaded), and its p95 at half its
   maximum rate (users with a constant throughput), in alternating rounds; the ratio p95 / unloaded p50.
5. The web tier while a final report renders: the enterprise list's throughput alone, then while another process
   renders the city's final report in a loop through ``reporting.kinds`` (gather + write, as the reports worker
   does); skipped with a message when no kind ``final`` is registered.

Scenarios whose URL does not resolve yet (the dashboards are on another branch) are skipped with a message.
The load generator shares the machine with the server: on 2 cores the absolute numbers are low; the ratios are
what the targets are about.
"""

from __future__ import annotations

import argparse
import csv
import os
import runpy
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent

from bench import national  # noqa: E402

USERS = int(os.environ.get("BENCH_USERS", "8"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX", "20000"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# The portal's own gunicorn settings (gunicorn.conf.py: one worker per core) unless BENCH_WORKERS says otherwise.
WORKERS = int(os.environ.get("BENCH_WORKERS") or runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"])
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8")

TARGETS = {
    "district dashboard, uncached": 0.30,
    "district dashboard, cached": 0.70,
    "city dashboard, uncached": 0.20,
    "enterprise list, page of 50": 0.25,
}


@dataclass
class Result:
    rps: float
    p50: float  # ms, from every request's own response time (locust's percentiles are rounded to whole ms)
    p95: float
    requests: int
    failures: int
    times: list[float] = field(default_factory=list, repr=False)  # every successful request's response time, ms


@dataclass
class Scenario:
    name: str
    paths: list[str]
    token: str
    pages: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(cache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=national.database_url(),
        REDIS_URL=REDIS_URL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        BENCH_CACHE=cache,
    )
    return env


class Server:
    """gunicorn on 127.0.0.1 with bench.settings; ``cache`` "redis" (the portal's own) or "dummy" (nothing cached)."""

    def __init__(self, cache: str, token: str):
        self.cache = cache
        self.token = token
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "portal.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={WORKERS}",
                "--worker-class=sync",
                "--log-level=warning",
                "--timeout=120",
            ],
            cwd=ROOT,
            env=_server_env(self.cache),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(
                    f"{self.url}/bench/bare/", headers={"Authorization": f"Token {self.token}"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise SystemExit("gunicorn did not answer /bench/bare/ within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def run_locust(server: Server, scenario: Scenario, *, users: int = USERS, rate: float = 0.0) -> Result:
    """One headless locust run of ``scenario``, after a warm-up run of WARMUP seconds whose figures are dropped
    (every gunicorn worker has imported the view's code, the database's and Redis's pages are in memory: otherwise
    whichever scenario runs first on a server pays for it); its aggregated requests per second and latency
    percentiles (ms)."""
    if WARMUP:
        _locust(server, scenario, users=users, rate=rate, seconds=WARMUP)
    return _locust(server, scenario, users=users, rate=rate, seconds=SECONDS)


def alternating(server: Server, *scenarios: Scenario, users: Sequence[int] | None = None, rates=None) -> list[Result]:
    """``scenarios`` measured in alternating rounds (a, b, a, b, … ROUNDS of each, SECONDS / ROUNDS seconds a round,
    after a warm-up of each), each one's rounds combined (``_combined``). On this machine the server's speed drifts
    (the bare view's rate moved by up to a third between runs a minute apart), so two scenarios measured one after
    the other are measured on two different machines; in alternating rounds both meet the same drift."""
    users = users or [USERS] * len(scenarios)
    rates = rates or [0.0] * len(scenarios)
    seconds = max(2, round(SECONDS / ROUNDS))
    if WARMUP:
        for scenario, n, rate in zip(scenarios, users, rates, strict=True):
            _locust(server, scenario, users=n, rate=rate, seconds=WARMUP)
    rounds: list[list[Result]] = [[] for _ in scenarios]
    for _ in range(ROUNDS):
        for index, (scenario, n, rate) in enumerate(zip(scenarios, users, rates, strict=True)):
            rounds[index].append(_locust(server, scenario, users=n, rate=rate, seconds=seconds))
    return [_combined(results) for results in rounds]


def _combined(results: list[Result]) -> Result:
    """One scenario's rounds as one result: the mean rate, the latencies of every request of every round."""
    times = sorted(t for result in results for t in result.times)
    return Result(
        rps=statistics.fmean(result.rps for result in results),
        p50=_percentile(times, 50),
        p95=_percentile(times, 95),
        requests=sum(result.requests for result in results),
        failures=sum(result.failures for result in results),
        times=times,
    )


def _percentile(times: list[float], percent: int) -> float:
    """The ``percent``-th percentile of ``times`` (ms), interpolated; 0.0 for none."""
    if len(times) < 2:
        return times[0] if times else 0.0
    return statistics.quantiles(times, n=100, method="inclusive")[percent - 1]


def _locust(server: Server, scenario: Scenario, *, users: int, rate: float, seconds: int) -> Result:
    with tempfile.TemporaryDirectory(prefix="bench-locust-") as folder:
        prefix = Path(folder) / "run"
        times_file = Path(folder) / "times.txt"
        env = dict(os.environ)
        env.update(
            BENCH_TIMES=str(times_file),
            BENCH_PATHS="|".join(scenario.paths),
            BENCH_PAGES=str(scenario.pages),
            BENCH_TOKEN=scenario.token,
            BENCH_RATE=str(rate),
            BENCH_MAX=str(MAX_REQUESTS),
            **scenario.extra_env,
        )
        completed = subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                server.url,
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "ERROR",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            raise SystemExit(f"locust failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
        with open(f"{prefix}_stats.csv", newline="") as handle:
            row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
        times = sorted(float(line) for line in times_file.read_text().split()) if times_file.exists() else []
    result = Result(
        rps=float(row["Requests/s"]),
        p50=_percentile(times, 50) if times else float(row["50%"]),
        p95=_percentile(times, 95) if times else float(row["95%"]),
        requests=int(row["Request Count"]),
        failures=int(row["Failure Count"]),
        times=times,
    )
    if result.failures:
        print(f"  ! {scenario.name}: {result.failures} of {result.requests} requests failed")
    return result


def _resolves(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?")[0], urlconf="bench.urls")
    except Resolver404:
        return False
    return True


def _tokens(ids: dict) -> dict[str, str]:
    from knox.models import AuthToken

    from accounts.models import User

    return {key: AuthToken.objects.create(User.objects.get(pk=ids[key]))[1] for key in ("regulator", "district_user")}


def _render_loop_command() -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--render-loop"]


def render_loop() -> None:
    """Render the city's final report again and again (gather + write, as the reports worker does) until killed."""
    from django.utils import timezone

    from campaign.models import Campaign
    from reporting.kinds import ReportScope, kind

    ids = national.dataset()
    campaign = Campaign.objects.filter(tenant_id=ids["tenant"]).order_by("-year").first()
    final = kind("final")
    while True:
        snapshot = final.gather(ReportScope(campaign=campaign), timezone.localdate())
        with tempfile.TemporaryFile() as handle:
            final.write(snapshot, handle, lambda done, total: None)


def _has_final_kind() -> bool:
    try:
        from reporting.kinds import kinds

        return "final" in kinds()
    except Exception as error:  # noqa: BLE001 - any import failure of another branch's code means "not there yet"
        print(f"  reporting kinds could not be loaded: {error}")
        return False


def _ratio(value: float, floor: float) -> float:
    return value / floor if floor else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated: bare,enterprises,dashboards,latency,report")
    parser.add_argument("--reset", action="store_true", help="rebuild the national data set first")
    parser.add_argument("--render-loop", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    national.ensure_database(national.database_url(), reset=args.reset)
    national.setup_django(national.database_url(), "bench.settings")
    if args.render_loop:
        render_loop()
        return
    only = set(args.only.split(",")) if args.only else {"bare", "enterprises", "dashboards", "latency", "report"}

    started = time.perf_counter()
    made = national.prepare()
    print(
        f"data set ready in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in made.items())
    )
    ids = national.dataset()
    tokens = _tokens(ids)
    from enterprises.models import Enterprise

    city_enterprises = Enterprise.objects.filter(tenant_id=ids["tenant"]).count()
    pages = max(1, -(-city_enterprises // 50))
    print(
        f"machine: {os.cpu_count()} cores; gunicorn {WORKERS} sync workers; locust {USERS} users, "
        f"≤ {SECONDS} s and ≤ {MAX_REQUESTS:,} requests per scenario"
    )

    bare = Scenario("bare view", ["/bench/bare/"], tokens["regulator"])
    enterprises = Scenario(
        "enterprise list, page of 50", ["/api/v1/enterprises/?page={page}"], tokens["regulator"], pages=pages
    )
    district_path = f"/api/v1/dashboards/district/{ids['district']}/"
    city_path = "/api/v1/dashboards/city/"
    results: dict[str, tuple[float, float | None]] = {}  # name -> (ratio, target)
    lines: list[str] = []

    def report(name: str, result: Result, floor: Result) -> None:
        ratio = _ratio(result.rps, floor.rps)
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  ok" if ratio >= target else f"  MISSES ≥ {target:.2f}")
        line = (
            f"{name:34} {result.rps:8.1f} req/s  p50 {result.p50:6.1f} ms  p95 {result.p95:6.1f} ms  "
            f"{result.requests:6,} req  ratio {ratio:5.2f} of {floor.rps:6.1f}{verdict}"
        )
        print(line)
        lines.append(line)
        results[name] = (ratio, target)

    def paired(server: Server, scenario: Scenario) -> tuple[Result, Result]:
        """The scenario and the bare view, the floor of its ratio, in alternating rounds on the same server."""
        floor, result = alternating(server, bare, scenario)
        return result, floor

    with Server("redis", tokens["regulator"]) as server:
        print(f"\nserver 1 (the portal's cache, Redis {REDIS_URL}) at {server.url}")
        floor = run_locust(server, bare)
        report("bare view", floor, floor)
        if "enterprises" in only:
            report(enterprises.name, *paired(server, enterprises))
        if "dashboards" in only or "latency" in only:
            if not _resolves(district_path):
                print(f"  skipped: the district dashboard ({district_path}) does not resolve on this branch")
            else:
                dashboard = Scenario("district dashboard, cached", [district_path], tokens["district_user"])
                best, floor = paired(server, dashboard)
                if "dashboards" in only:
                    report(dashboard.name, best, floor)
                if "latency" in only:
                    half = best.rps / 2
                    unloaded, loaded = alternating(
                        server, dashboard, dashboard, users=[1, USERS], rates=[0.0, half / USERS]
                    )
                    ratio = loaded.p95 / unloaded.p50 if unloaded.p50 else 0.0
                    line = (
                        f"district dashboard p95 at half its max rate ({half:.0f} req/s): {loaded.p95:.1f} ms "
                        f"(p50 {loaded.p50:.1f}); unloaded p50 {unloaded.p50:.1f} ms; p95/p50 {ratio:.2f} (target ≤ 3)"
                    )
                    print(line)
                    lines.append(line)
        if "report" in only:
            if not _has_final_kind():
                print("  skipped: web throughput while a report renders — reporting has no kind 'final' yet")
            else:
                alone = run_locust(server, enterprises)
                renderer = subprocess.Popen(_render_loop_command(), cwd=ROOT, env=_server_env("redis"))
                try:
                    time.sleep(3)
                    during = run_locust(server, enterprises)
                finally:
                    renderer.terminate()
                    renderer.wait(timeout=30)
                ratio = _ratio(during.rps, alone.rps)
                line = (
                    f"enterprise list while a final report renders: {during.rps:.1f} req/s of {alone.rps:.1f} alone; "
                    f"ratio {ratio:.2f} (target ≥ 0.60)"
                )
                print(line)
                lines.append(line)
    if "dashboards" in only:
        if not _resolves(district_path) and not _resolves(city_path):
            print("skipped: the uncached dashboards (no /api/v1/dashboards/ routes on this branch)")
        else:
            bust = {"BENCH_BUST": "1"}
            with Server("dummy", tokens["regulator"]) as server:
                print(f"\nserver 2 (DummyCache: nothing cached) at {server.url}")
                floor = run_locust(server, bare)
                report("bare view (uncached server)", floor, floor)
                if _resolves(district_path):
                    district = Scenario("district dashboard, uncached", [district_path], tokens["district_user"])
                    district.extra_env = bust
                    report(district.name, *paired(server, district))
                if _resolves(city_path):
                    city = Scenario("city dashboard, uncached", [city_path], tokens["regulator"], extra_env=bust)
                    report(city.name, *paired(server, city))
    missed = [name for name, (ratio, target) in results.items() if target is not None and ratio < target]
    print("\nall measured targets met" if not missed else f"\ntargets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
