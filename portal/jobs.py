"""Background jobs whose database row is the truth, not the broker's message (STYLE.md §5, DESIGN.md §7).

A job model subclasses ``Job`` (status, progress, total, errors, who asked, when it started and finished) and adds
what its kind needs (the roster import: the uploaded file and its checked rows; a report: the rendered file). The
life of a job:

1. a service creates the row (status ``queued``) and enqueues the task with ``delay_on_commit``;
2. the task calls a service that first ``job_claim``s the row — a conditional update from ``queued`` to
   ``running``, so a second delivery of the same message does nothing;
3. the service reports ``job_progress`` as it goes, and ends with ``job_finish`` or ``job_fail``;
4. beat runs ``jobs_requeue_stalled``: a row left ``running`` past its deadline (its worker died) goes back to
   ``queued`` and is enqueued again, so nothing is stuck whatever happened to the broker.

``job_store_file`` puts a finished file into place (written to a temporary file first, then saved through the
storage API, so a reader never sees half a file).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def _status(value: str) -> dict[str, str]:
    """``status=value`` as keyword arguments: each subclass declares ``status``, so the abstract model's type does not
    know the field."""
    return {"status": value}


class Job(models.Model):
    """The columns every background job has. ``status`` is declared by the subclass, with these four values among
    its choices (a roster import adds "previewed" before "queued")."""

    total = models.PositiveIntegerField(_("rows"), default=0)
    progress = models.PositiveIntegerField(_("rows processed"), default=0)
    errors = models.JSONField(default=list, editable=False)  # job-level errors (a failed run), in the user's words
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True


def job_claim(model: type[Job], pk: int, *, from_status: str = JobStatus.QUEUED) -> bool:
    """Move job ``pk`` from ``from_status`` to running; False when it was not in that status (another worker has it,
    or it is done). The conditional update is the claim: two deliveries of one message run it once."""
    return bool(
        model._base_manager.filter(pk=pk, **_status(from_status)).update(
            **_status(JobStatus.RUNNING), progress=0, started_at=timezone.now()
        )
    )


def job_progress(model: type[Job], pk: int, done: int) -> None:
    """Record that ``done`` units (rows, pages) of job ``pk`` are processed."""
    model._base_manager.filter(pk=pk).update(progress=done)


def job_finish(model: type[Job], pk: int, **fields: Any) -> None:
    """Job ``pk`` is done: progress at its total, no errors, ``fields`` (the kind's own results) stored."""
    model._base_manager.filter(pk=pk).update(
        **_status(JobStatus.DONE), progress=F("total"), errors=[], finished_at=timezone.now(), **fields
    )


def job_fail(model: type[Job], pk: int, messages: Iterable[Any]) -> None:
    """Job ``pk`` failed with ``messages`` (shown to the user as they are)."""
    model._base_manager.filter(pk=pk).update(
        **_status(JobStatus.FAILED), errors=[str(message) for message in messages], finished_at=timezone.now()
    )


def jobs_requeue_stalled(
    model: type[Job], *, enqueue: Callable[[int], Any], stalled_after: timedelta, now: datetime | None = None
) -> list[int]:
    """Put the jobs of ``model`` that have been running longer than ``stalled_after`` back in the queue and call
    ``enqueue(pk)`` for each (after commit); returns their ids. Beat calls this for every job kind."""
    now = now or timezone.now()
    stalled = model._base_manager.filter(**_status(JobStatus.RUNNING), started_at__lt=now - stalled_after)
    requeued = []
    for pk in stalled.values_list("pk", flat=True):
        # Conditional update: a run that finished meanwhile, or another requeue, is left alone.
        running = model._base_manager.filter(pk=pk, **_status(JobStatus.RUNNING))
        if running.update(**_status(JobStatus.QUEUED), progress=0):
            requeued.append(pk)
            enqueue(pk)
    return requeued


def job_store_file(job: Job, field: str, name: str, write: Callable[[Any], None]) -> str:
    """Render a file with ``write(handle)`` into a temporary file, then save it into ``job.<field>`` through the
    storage API; returns its SHA-256. A crash while writing leaves no partial file behind in storage."""
    digest = hashlib.sha256()
    fd, path = tempfile.mkstemp(suffix=os.path.splitext(name)[1])
    try:
        with os.fdopen(fd, "w+b") as handle:
            write(handle)
            handle.flush()
            handle.seek(0)
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
            handle.seek(0)
            getattr(job, field).save(name, File(handle, name=name), save=False)
    finally:
        if os.path.exists(path):
            os.unlink(path)
    return digest.hexdigest()
