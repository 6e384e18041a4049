"""Reminders of the assistance app (issue 10), collected by ``notifications.tasks.reminders_send``.

An enterprise under assistance with no visit for 30 days (附件二(三): the experts visit and guide it through the
assistance phase) is brought to its expert and to the body's managers. The key carries the day the quiet spell began
(the last visit, or the assignment when there was none), so each spell reminds once; a new visit starts a new one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import DateField, Max
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assistance.models import Assignment
from campaign.selectors import campaigns_running
from enterprises.models import EnrolmentState
from notifications.models import NotificationKind
from notifications.reminders import Reminder

QUIET_DAYS = 30
# The states in which the expert works with the enterprise on site (assigned → operating).
VISITED_STATES = [
    EnrolmentState.ASSIGNED,
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
]


def reminders(today: date) -> Iterator[Reminder]:
    campaigns = {campaign.pk: campaign for campaign in campaigns_running(today)}
    if not campaigns:
        return
    quiet = (
        Assignment.objects.filter(
            ended_at=None, enrolment__campaign_id__in=list(campaigns), enrolment__state__in=VISITED_STATES
        )
        .annotate(
            last_visit=Max("enrolment__visits__visited_on"),
            quiet_since=Coalesce(Max("enrolment__visits__visited_on"), Cast(TruncDate("assigned_at"), DateField())),
        )
        .filter(quiet_since__lte=today - timedelta(days=QUIET_DAYS))
        .select_related("enrolment__enterprise", "expert__user", "expert__body")
        .order_by("pk")
    )
    rows = list(quiet)
    managers: dict[int, list[int]] = defaultdict(list)
    for user_id, body_id in User.objects.filter(
        is_active=True,
        membership__role=Role.CB_MANAGER,
        membership__organisation__certification_body__in={row.expert.body_id for row in rows},
    ).values_list("pk", "membership__organisation__certification_body"):
        managers[body_id].append(user_id)
    for assignment in rows:
        enrolment = assignment.enrolment
        words = {
            "enterprise": enrolment.enterprise.name,
            "since": date_format(assignment.quiet_since, "DATE_FORMAT"),
            "days": (today - assignment.quiet_since).days,
            "expert": str(assignment.expert.user),
        }
        if assignment.last_visit is None:
            body = _(
                "%(enterprise)s has had no visit since it was assigned to %(expert)s on %(since)s (%(days)d days)."
            )
        else:
            body = _("%(enterprise)s has had no visit since %(since)s (%(days)d days); its expert is %(expert)s.")
        yield Reminder(
            recipients=[assignment.expert.user_id, *managers[assignment.expert.body_id]],
            kind=NotificationKind.NO_VISIT,
            title=_("No visit for %(days)d days: %(enterprise)s") % words,
            body=body % words,
            url=reverse("assistance:work-enrolment", args=[enrolment.pk]),
            key=f"no-visit:{enrolment.pk}:{assignment.quiet_since:%Y-%m-%d}",
            campaign=campaigns[enrolment.campaign_id],
        )
