"""Celery tasks of the notifications app: thin and idempotent, each calls one service (STYLE.md §5)."""

from celery import shared_task

from notifications.services import notifications


@shared_task(name="notifications.tasks.reminders_send", ignore_result=True)
def reminders_send() -> int:
    """Daily at 08:00 (Asia/Shanghai), from settings.CELERY_BEAT_SCHEDULE: every app's reminder rules. Safe to run
    twice: each reminder's key makes it once per recipient."""
    return notifications.reminders_send()


@shared_task(name="notifications.tasks.notification_emails_send", ignore_result=True)
def notification_emails_send() -> int:
    """Every 10 minutes: e-mails not yet sent (a failed first attempt). Each row is claimed before it is sent."""
    return notifications.notification_emails_send()
