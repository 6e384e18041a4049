"""The dashboards' cache (issue 12): one payload per scope, kept in Django's cache (Redis when REDIS_URL is set,
local memory otherwise, portal.settings.CACHES).

The key carries a version that every write changing the figures bumps (after its transaction commits), so a new
visit shows on the next request; the entry also expires after ``MAX_AGE`` seconds, which bounds what the
local-memory cache (one per process) may serve stale, and the day (``today`` decides overdue items). The response
says both: ``generated_at`` and ``Cache-Control: max-age=MAX_AGE``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

MAX_AGE = 60
VERSION_KEY = "dashboards:version"


def _models() -> list[type[Model]]:
    """The rows the figures are counted from (evaluation.selectors.figures and dashboards)."""
    from assistance.models import Assignment, Problem, Training, Visit
    from campaign.models import Deadline, KickoffMeeting, MemberUnit, Phase
    from enterprises.models import Case, Complaint, Enrolment, OutcomeFigures
    from submissions.models import DistrictSubmission
    from supervision.models import RectificationRequest

    return [
        Assignment,
        Problem,
        Training,
        Visit,
        Deadline,
        KickoffMeeting,
        MemberUnit,
        Phase,
        Case,
        Complaint,
        Enrolment,
        OutcomeFigures,
        DistrictSubmission,
        RectificationRequest,
    ]


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY) or 1
    return int(value)


def bump() -> None:
    """A write changed the figures: every cached dashboard is now stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the keys in use
        cache.set(VERSION_KEY, int(timezone.now().timestamp()), timeout=None)


def _on_write(sender, **kwargs) -> None:
    transaction.on_commit(bump)


def connect_invalidation() -> None:
    from assistance.models import Training

    for model in _models():
        post_save.connect(_on_write, sender=model, dispatch_uid=f"dashboards-save-{model._meta.label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"dashboards-delete-{model._meta.label}")
    m2m_changed.connect(_on_write, sender=Training.enterprises.through, dispatch_uid="dashboards-attendance")


class Cached:
    """One cached dashboard: its JSON as sent (UTF-8 bytes, compact) and its ETag; ``payload`` decodes it (the HTML
    page draws from it). Bytes rather than the dict, so a cached API answer is sent as it is, without decoding and
    encoding it again on every request."""

    __slots__ = ("body", "etag")

    def __init__(self, body: bytes, etag: str):
        self.body = body
        self.etag = etag

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.body)


def cached_payload(key: str, compute: Callable[[], dict[str, Any]], known_version: int | None = None) -> Cached:
    """The cached dashboard for ``key`` (which names the scope, campaign, day and language), computed by ``compute``
    when absent or stale. The payload gains ``generated_at`` (ISO datetime) and ``max_age`` (seconds); the ETag is
    a digest of the JSON. ``known_version``: the cache version when the caller has just read it."""
    full_key = f"dashboards:{known_version or version()}:{key}"
    entry = cache.get(full_key)
    if not isinstance(entry, Cached):  # absent, or left by an older release in another shape
        payload = {**compute(), "generated_at": timezone.localtime().isoformat(), "max_age": MAX_AGE}
        text = json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        body = text.encode()
        entry = Cached(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        cache.set(full_key, entry, timeout=MAX_AGE)
    return entry
