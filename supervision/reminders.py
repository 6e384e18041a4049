"""Daily reminders of rectifications (collected by the notifications app's beat task, which calls notify for
each; the key makes each once per request and day):

- "due in 3 days": a request still to answer (open or sent back) due three days from today, to the party asked;
- "overdue": a request not closed whose due date has passed, to the party asked while it is theirs to answer (open
  or sent back), to the regulator while the answer waits for it.

Relative to each request's own due date, so changing a due date moves its reminders."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.models import NotificationKind
from notifications.reminders import Reminder
from supervision import notices
from supervision.models import RectificationRequest, RectificationState
from supervision.policy import days_overdue

DUE_SOON_DAYS = 3
TO_ANSWER = (RectificationState.OPEN, RectificationState.RETURNED)


def _rows():
    return RectificationRequest.objects.select_related(
        "campaign__tenant", "member_unit", "body", "enterprise"
    ).order_by("due_on", "pk")


def reminders(today: date) -> Iterable[Reminder]:
    return list(_reminders(today))


def _reminders(today: date) -> Iterator[Reminder]:
    due_soon = today + timedelta(days=DUE_SOON_DAYS)
    for row in _rows().filter(state__in=TO_ANSWER, due_on=due_soon):
        yield Reminder(
            recipients=notices.party_users(row),
            kind=NotificationKind.RECTIFICATION_DUE,
            title=_("A rectification is due on %(date)s") % {"date": date_format(row.due_on)},
            body=row.asked,
            url=notices.request_url(row),
            key=f"rectification-due:{row.pk}:{row.due_on:%Y-%m-%d}",
            campaign=row.campaign,
        )
    for row in _rows().exclude(state=RectificationState.CLOSED).filter(due_on__lt=today):
        days = days_overdue(state=row.state, due_on=row.due_on, today=today)
        to_party = row.state in TO_ANSWER
        yield Reminder(
            recipients=notices.party_users(row) if to_party else notices.regulator_users(row),
            kind=NotificationKind.RECTIFICATION_OVERDUE,
            title=_("A rectification is %(days)s days overdue: %(party)s") % {"days": days, "party": row.party},
            body=row.asked,
            url=notices.request_url(row),
            key=f"rectification-overdue:{row.pk}:{today:%Y-%m-%d}",
            campaign=row.campaign,
        )
