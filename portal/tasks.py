"""Celery tasks of the shared machinery: thin and idempotent, each calls one function (STYLE.md §5)."""

from celery import shared_task

from portal.uploads import pending_uploads_purge as purge


@shared_task(name="portal.tasks.pending_uploads_purge", ignore_result=True)
def pending_uploads_purge() -> int:
    """Daily, from settings.CELERY_BEAT_SCHEDULE: delete kept uploads no form came back for (portal.uploads)."""
    return purge()
