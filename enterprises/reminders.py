"""Reminders of the enterprises app (issue 10), collected by ``notifications.tasks.reminders_send``.

R12 (附件二): an already-certified enterprise under assistance whose surveillance or recertification audit falls due
within 30 days is reminded, with its district, so that the assistance is planned around the audit. The key carries the
audit date: a moved audit date reminds again, the same date never twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from campaign.selectors import campaigns_running
from enterprises.models import Certificate, Enrolment
from enterprises.policy import ACTIVE_STATES
from notifications.models import NotificationKind
from notifications.reminders import Reminder

AUDIT_NOTICE_DAYS = 30


def reminders(today: date) -> Iterator[Reminder]:
    campaigns = {campaign.pk: campaign for campaign in campaigns_running(today)}
    if not campaigns:
        return
    enrolments = {
        enrolment.enterprise_id: enrolment
        for enrolment in Enrolment.objects.filter(campaign_id__in=list(campaigns), state__in=ACTIVE_STATES)
        .select_related("enterprise")
        .order_by("campaign_id")
    }
    due = Certificate.objects.filter(
        enterprise_id__in=list(enrolments),
        next_audit_on__gte=today,
        next_audit_on__lte=today + timedelta(days=AUDIT_NOTICE_DAYS),
    ).order_by("next_audit_on", "pk")
    people: dict[tuple[str, int], list[int]] = defaultdict(list)
    for user_id, enterprise_id in User.objects.filter(
        is_active=True, membership__role=Role.ENTERPRISE, membership__organisation__enterprise__in=list(enrolments)
    ).values_list("pk", "membership__organisation__enterprise"):
        people[("enterprise", enterprise_id)].append(user_id)
    units = {enrolment.enterprise.district_id for enrolment in enrolments.values()}
    for user_id, unit_id in User.objects.filter(
        is_active=True, membership__role=Role.MEMBER_UNIT, membership__organisation__member_unit__in=units
    ).values_list("pk", "membership__organisation__member_unit"):
        people[("unit", unit_id)].append(user_id)
    for certificate in due:
        enrolment = enrolments[certificate.enterprise_id]
        words = {
            "enterprise": enrolment.enterprise.name,
            "number": certificate.number,
            "kind": certificate.get_next_audit_kind_display(),
            "due": date_format(certificate.next_audit_on, "DATE_FORMAT"),
        }
        yield Reminder(
            recipients=people[("enterprise", enrolment.enterprise_id)]
            + people[("unit", enrolment.enterprise.district_id)],
            kind=NotificationKind.AUDIT_DUE,
            title=_("%(kind)s due on %(due)s: %(enterprise)s") % words,
            body=_(
                "Certificate %(number)s of %(enterprise)s has its %(kind)s due on %(due)s. Plan the assistance "
                "around it."
            )
            % words,
            url=reverse("enterprises:enterprise-detail", args=[enrolment.enterprise_id]),
            key=f"audit-due:{certificate.pk}:{certificate.next_audit_on:%Y-%m-%d}",
            campaign=campaigns[enrolment.campaign_id],
        )
