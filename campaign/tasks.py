"""Celery tasks of the campaign app: thin and idempotent, each calls one service (STYLE.md §5)."""

from celery import shared_task

from campaign import services


@shared_task(name="campaign.tasks.kickoff_reminders_send", ignore_result=True)
def kickoff_reminders_send() -> int:
    """Daily, from settings.CELERY_BEAT_SCHEDULE: R9 reminders. Safe to run twice; the service records what it sent."""
    return services.kickoff_reminders_send()
