"""Two requests for the same report racing on PostgreSQL (issue 11 "Faults"): both look for a job under way, find
none, and insert; the partial unique index makes the second insert wait for the first transaction and then fail,
and that request returns the first one's job. Skipped without a PostgreSQL DATABASE_URL."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connections

from accounts.models import User
from reporting import services
from reporting.kinds import ReportScope
from reporting.models import ReportJob

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL: set DATABASE_URL"
    ),
]


def test_two_requests_racing_on_postgresql_make_one_job(cast, test_kind, monkeypatch):
    monkeypatch.setattr("reporting.tasks.reports_render.delay_on_commit", lambda pk: None)
    real = services._active_job
    both_looked = threading.Barrier(2, timeout=20)
    calls = threading.local()

    def look_then_wait(key):
        found = real(key)
        if not getattr(calls, "looked", False):
            calls.looked = True
            both_looked.wait()  # both have looked and found nothing: now both insert
        return found

    monkeypatch.setattr(services, "_active_job", look_then_wait)
    results, errors = [], []

    def ask(user_pk):
        try:
            user = User.objects.get(pk=user_pk)
            results.append(
                services.report_request(
                    user=user, kind_key="test_kind", report_scope=ReportScope(campaign=cast.campaign)
                )
            )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(cast.regulator.pk,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert sorted(created for _job, created in results) == [False, True]
    assert len({job.pk for job, _created in results}) == 1
    assert ReportJob.objects.count() == 1
