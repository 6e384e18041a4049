"""gunicorn's settings for the portal's web tier, read from the working directory whenever gunicorn starts there (the
image's ``CMD``, docker-compose.yml's ``web``, bench/load.py); flags on the command line override them.

Garbage collection: a worker that has loaded Django and the portal holds some 170,000 objects that live as long as
the worker does. Python's oldest-generation collection walks every one of them, which took 50–100 ms on the
benchmark machine (2 cores), once every couple of thousand requests, while the request in hand waited. Once the
application is loaded, each worker collects once and moves what it holds to the permanent generation
(``gc.freeze()``, what the Python documentation recommends for long-lived processes and Instagram's Django fleet
does), so a later full collection walks only what requests left behind: about 5 ms. The collector itself stays on.
"""

from __future__ import annotations

import gc


def post_worker_init(worker) -> None:
    """After the worker has imported the application: collect once, then keep everything it holds out of later
    collections (``gc.freeze``)."""
    gc.collect()
    gc.freeze()
