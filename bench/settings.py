"""Settings for the benchmark's gunicorn only (bench/load.py): the portal's settings, the bare view's URLs, no DEBUG.

Never used by the portal itself: the bare view (bench/urls.py) is not in the production URLs. DATABASE_URL and
REDIS_URL come from the environment as for the portal (bench/load.py sets them to PostgreSQL and Redis).
"""

import os

from portal.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# The uncached phase of bench/load.py: nothing is ever cached, whatever a view asks for.
if os.environ.get("BENCH_CACHE") == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
