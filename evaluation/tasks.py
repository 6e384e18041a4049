"""Celery tasks of the evaluation: thin and idempotent, each calls one function (STYLE.md §5)."""

from celery import shared_task

from campaign.selectors import today_local
from evaluation.services.counts import counts_recount_recent


@shared_task(name="evaluation.tasks.figures_recount", ignore_result=True)
def figures_recount() -> int:
    """Nightly, from settings.CELERY_BEAT_SCHEDULE: recount the running counts behind the figures of this year's and
    last year's campaigns (evaluation.services.counts), repairing what a process that died between a commit and
    its refresh left behind."""
    return counts_recount_recent(today_local())
