"""The load of one benchmark scenario, driven by bench/load.py through the environment (not meant to be run alone).

BENCH_PATHS   "|"-separated paths; "{page}" becomes a random page number 1..BENCH_PAGES
BENCH_TOKEN   the API token (``Authorization: Token …``)
BENCH_RATE    requests per second per simulated user (0: as fast as the server answers — the maximum rate)
BENCH_MAX     stop after this many requests (the time and user bounds are locust's -t and -u)
BENCH_BUST    "1": every request asks for fresh figures (``Cache-Control: no-cache`` and a unique query string)
BENCH_TIMES   a file to write every request's response time to (ms, one per line, unrounded), when locust quits:
              locust's own percentiles are rounded to whole milliseconds, a sixth of a 3 ms answer
"""

import itertools
import os
import random

import gevent
from locust import FastHttpUser, constant, constant_throughput, events, task

PATHS = os.environ["BENCH_PATHS"].split("|")
PAGES = int(os.environ.get("BENCH_PAGES", "1"))
RATE = float(os.environ.get("BENCH_RATE", "0"))
MAX = int(os.environ.get("BENCH_MAX", "0"))
BUST = os.environ.get("BENCH_BUST") == "1"
HEADERS = {"Authorization": f"Token {os.environ['BENCH_TOKEN']}", "Accept": "application/json"}
if BUST:
    HEADERS["Cache-Control"] = "no-cache"
TIMES = os.environ.get("BENCH_TIMES")
_sent = itertools.count(1)
_times: list[float] = []


@events.request.add_listener
def _record(response_time, exception=None, **_kwargs):
    if exception is None:
        _times.append(response_time)


@events.quitting.add_listener
def _write(**_kwargs):
    if TIMES:
        with open(TIMES, "w") as handle:
            handle.write("\n".join(f"{t:.3f}" for t in _times))


class Client(FastHttpUser):
    wait_time = constant_throughput(RATE) if RATE else constant(0)

    def on_start(self):
        # At a set rate, each user starts at a random point of its period: users spawned together would otherwise
        # fire in step (locust spawns them 1/users s apart, a whole number of periods for some), a burst of
        # several requests at once every period instead of the steady rate the latency target is about.
        if RATE:
            gevent.sleep(random.uniform(0, 1 / RATE))

    @task
    def get(self):
        number = next(_sent)
        if MAX and number > MAX:
            self.environment.runner.quit()
            return
        path = random.choice(PATHS).replace("{page}", str(random.randint(1, PAGES)))
        if BUST:
            path += ("&" if "?" in path else "?") + f"_={number}"
        with self.client.get(path, headers=HEADERS, name="scenario", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
