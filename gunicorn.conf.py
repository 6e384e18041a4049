"""gunicorn's settings for the portal's web tier, read from the working directory whenever gunicorn starts there (the
image's ``CMD``, docker-compose.yml's ``web``, bench/load.py); flags on the command line override them.

Garbage collection: a worker that has loaded Django and the portal holds some 170,000 objects that live as long as
the worker does. Python's oldest-generation collection walks every one of them, which took 50–100 ms on the
benchmark machine (2 cores), once every couple of thousand requests, while the request in hand waited. Once the
application is loaded, each worker collects once and moves what it holds to the permanent generation
(``gc.freeze()``, what the Python documentation recommends for long-lived processes and Instagram's Django fleet
does), so a later full collection walks only what requests left behind: about 5 ms. The collector itself stays on.

Workers: one sync worker per core (``WEB_CONCURRENCY`` overrides it; give a container the number of cores it may
use), not gunicorn's rule of thumb of 2 × cores + 1, which assumes workers mostly waiting on the network. The
portal's answers are short and spend their time on the CPU, their own or that of PostgreSQL and Redis on the same
host; the reports and exports are Celery's. Measured with bench/load.py on 2 cores (2026-12-01), 2 workers against
5: the cached district dashboard 752 against 614 req/s, its p95 at half that rate 6.8 against 10.7 ms (the five
took turns on two cores, each answer interrupted by the others); no scenario was slower with two.
"""

from __future__ import annotations

import gc
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)


def post_worker_init(worker) -> None:
    """After the worker has imported the application: collect once, then keep everything it holds out of later
    collections (``gc.freeze``)."""
    gc.collect()
    gc.freeze()
