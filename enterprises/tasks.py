"""Celery tasks of the enterprises app: thin and idempotent, each calls one service (STYLE.md §5)."""

from celery import shared_task

from enterprises.services import roster


@shared_task(name="enterprises.tasks.roster_import_run", ignore_result=True)
def roster_import_run(job_id: int) -> bool:
    """Import a confirmed roster. Claims the job row with a conditional update: a second delivery does nothing."""
    return roster.roster_import_run(job_id=job_id)


@shared_task(name="enterprises.tasks.roster_import_read", ignore_result=True)
def roster_import_read(job_id: int) -> bool:
    """Read and check a large uploaded roster for its preview; a job no longer being read is left alone."""
    return roster.roster_import_read(job_id=job_id)


@shared_task(name="enterprises.tasks.roster_imports_requeue_stalled", ignore_result=True)
def roster_imports_requeue_stalled() -> int:
    """From beat: imports whose worker died mid-run go back in the queue (the job row is the source of truth)."""
    return len(roster.roster_imports_requeue_stalled())
