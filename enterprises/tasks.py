"""Celery tasks of the enterprises app: thin and idempotent, each calls one service (STYLE.md §5)."""

from celery import shared_task

from enterprises import importing


@shared_task(name="enterprises.tasks.roster_import_run", ignore_result=True)
def roster_import_run(job_id: int) -> bool:
    """Import a confirmed roster. Claims the job row with a conditional update: a second delivery does nothing."""
    return importing.roster_import_run(job_id=job_id)
