"""Celery tasks of the reports (routed to the ``reports`` queue by settings.CELERY_TASK_ROUTES): thin and
idempotent, each calls one service (STYLE.md §5). The job row is the truth; a second delivery does nothing."""

from celery import shared_task

from reporting import services

# A city's final report renders in minutes, a national one (80,000 enterprises in its appendix) in about 27 minutes on
# one core (bench/README.md); the soft limit lets the service mark the job failed with a message, the hard one kills a
# render that ignores it (the sweeper then requeues it: services.STALLED_AFTER is longer).
SOFT_TIME_LIMIT = 45 * 60
TIME_LIMIT = SOFT_TIME_LIMIT + 60


@shared_task(
    name="reporting.tasks.reports_render",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def reports_render(job_id: int) -> bool:
    """Render one report job; claims it with a conditional update, so running it twice yields one file."""
    return services.report_run(job_id=job_id)


@shared_task(name="reporting.tasks.reports_requeue_stalled", ignore_result=True)
def reports_requeue_stalled() -> int:
    """From beat: jobs whose worker died go back in the queue; retries that are due are sent again."""
    return len(services.reports_requeue_stalled())


@shared_task(name="reporting.tasks.reports_schedule_due", ignore_result=True)
def reports_schedule_due() -> int:
    """From beat, daily: the mid-term and final reports on the campaign's calendar, once each."""
    return len(services.reports_schedule_due())
