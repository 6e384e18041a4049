"""A test-only report kind for the job machinery tests, so they depend on no real document: it gathers a small
snapshot, writes a few lines in two progress steps, and fails as a test tells it to (``test_kind.fail_with``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from accounts.models import Role
from reporting import kinds as kinds_module
from reporting.kinds import SCOPES, ReportKind, ReportScope


@dataclass
class Behaviour:
    fail_with: list[BaseException] = field(default_factory=list)  # raised by write, one per run, in order
    runs: int = 0
    delay: float = 0.0  # seconds write sleeps (the worker test kills it meanwhile)


@pytest.fixture
def test_kind():
    behaviour = Behaviour()

    def gather(scope: ReportScope, today: date) -> dict[str, Any]:
        return {"campaign": scope.campaign.pk, "scope": scope.name, "today": today.isoformat()}

    def write(snapshot: dict[str, Any], handle, progress) -> None:
        behaviour.runs += 1
        progress(1, 2)
        if behaviour.fail_with:
            raise behaviour.fail_with.pop(0)
        if behaviour.delay:
            import time

            time.sleep(behaviour.delay)
        handle.write(f"report {snapshot['campaign']} {snapshot['scope']}\n".encode())
        progress(2, 2)

    kinds_module.kinds()  # load the real kinds first, so this one is added after them
    kind = kinds_module.register(
        ReportKind(
            key="test_kind",
            label="测试报告",
            scopes=SCOPES,
            extension="pdf",
            gather=gather,
            write=write,
            roles=(Role.REGULATOR, Role.MEMBER_UNIT, Role.CB_MANAGER, Role.ENTERPRISE),
        )
    )
    behaviour.kind = kind  # type: ignore[attr-defined]
    yield behaviour
    kinds_module._registry.pop("test_kind", None)
