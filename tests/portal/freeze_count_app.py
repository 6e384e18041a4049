"""A WSGI application that answers with its worker's ``gc.get_freeze_count()`` (tests/portal/test_gunicorn_conf.py)."""

import gc


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(gc.get_freeze_count()).encode()]
