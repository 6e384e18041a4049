"""A slow report kind for the worker fault test (tests/reporting/test_worker_kill.py): imported by the test and, with
``celery worker --include``, by the worker subprocess. It writes half its file, reports progress, and sleeps while
the file ``REPORT_TEST_HOLD`` exists, so the test can SIGKILL the worker mid-render."""

from __future__ import annotations

import os
import time
from datetime import date
from typing import Any

from accounts.models import Role
from reporting.kinds import SCOPES, ReportKind, ReportScope, kind, register

KEY = "slow_test_kind"


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    return {"campaign": scope.campaign.pk, "title": scope.campaign.title}


def write(snapshot: dict[str, Any], handle, progress) -> None:
    handle.write(b"%PDF-1.4\n% first half\n")
    progress(1, 2)
    hold = os.environ.get("REPORT_TEST_HOLD", "")
    deadline = time.monotonic() + 120
    while hold and os.path.exists(hold) and time.monotonic() < deadline:
        time.sleep(0.1)
    handle.write(f"% {snapshot['title']}\n%%EOF\n".encode())
    progress(2, 2)


try:
    SLOW = kind(KEY)
except KeyError:
    SLOW = register(
        ReportKind(
            key=KEY,
            label="测试报告（慢）",
            scopes=SCOPES,
            extension="pdf",
            gather=gather,
            write=write,
            roles=(Role.REGULATOR,),
        )
    )
