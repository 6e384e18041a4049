"""Reads of enterprise records: the list, the enterprise's page with its certificates (R12) and enrolments, and its
timeline — all through visible_to, at a query count that does not grow with the rows (STYLE.md §10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.models import Training
from enterprises.models import Certificate, Enrolment, EnrolmentTransition, Enterprise, ImplementationSummary
from enterprises.policy import audit_due_q
from enterprises.selectors.enrolments import flag, overdue_q, with_calendar


def enterprise_list(*, user, district=None, cluster: str = "", q: str = "") -> QuerySet[Enterprise]:
    """Enterprises the user may see, by district and name, each annotated with ``is_certified``; optionally one
    district's, one cluster's, or those whose name contains ``q`` or whose credit code is ``q``. One query."""
    certified = Exists(Certificate.objects.filter(enterprise=OuterRef("pk")))
    # visible_to is typed as returning a plain ScopedQuerySet (portal.scoping); these rows are enterprises.
    visible = cast("QuerySet[Enterprise]", Enterprise.objects.visible_to(user))
    queryset = visible.annotate(is_certified=certified).select_related("district")
    if district is not None:
        queryset = queryset.filter(district=district)
    if cluster:
        queryset = queryset.filter(cluster=cluster)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    # district_sort_order, the copy of district.sort_order: the page reads the index enterprise_tenant_list_order.
    return queryset.order_by("district_sort_order", "name", "pk")


def enterprise_for_page(*, user, pk: int) -> Enterprise:
    """The enterprise with its certificates and enrolments (and their screening and transitions) in fixed queries."""
    from django.shortcuts import get_object_or_404

    enrolments = with_calendar(Enrolment.objects.visible_to(user)).annotate(
        audit_due=flag(audit_due_q()),
        is_overdue=flag(overdue_q(timezone.localdate())),
    )
    return get_object_or_404(
        Enterprise.objects.visible_to(user)
        .select_related("district", "tenant")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.visible_to(user).order_by("-issued_on", "pk")),
            Prefetch(
                "enrolments",
                queryset=enrolments.select_related("campaign", "nominated_by", "screening", "screening__checked_by")
                .prefetch_related("screening__evidence")
                .order_by("-campaign__year"),
            ),
        ),
        pk=pk,
    )


@dataclass
class TimelineEntry:
    at: datetime | date
    kind: str  # a short key the template uses for the icon/label
    title: str
    detail: str = ""
    who: str = ""
    url: str = ""


def enterprise_timeline(*, user, enterprise: Enterprise) -> list[TimelineEntry]:
    """Everything that happened to the enterprise, newest first: nomination, screening, each state change (who, when,
    why), certificates, and — read through visible_to — visits, trainings, cases and the summary from the other
    slices. A fixed number of queries whatever the history's length."""

    from enterprises.models import Case as PracticeCase

    entries: list[TimelineEntry] = []
    enrolments = list(enterprise.enrolments.all())
    for enrolment in enrolments:
        entries.append(
            TimelineEntry(
                at=enrolment.nominated_at,
                kind="nominated",
                title=_("Nominated for %(campaign)s") % {"campaign": enrolment.campaign.title},
                who=str(enrolment.nominated_by),
            )
        )
        screening = getattr(enrolment, "screening", None)
        if screening is not None:
            entries.append(
                TimelineEntry(
                    at=screening.checked_on,
                    kind="screening",
                    title=_("Eligibility screening: eligible")
                    if screening.passed
                    else _("Eligibility screening: not eligible"),
                    detail="；".join(screening.failure_reasons),
                    who=str(screening.checked_by),
                )
            )
    transitions = (
        EnrolmentTransition.objects.visible_to(user).filter(enrolment__enterprise=enterprise).select_related("by")
    )
    for transition in transitions:
        entries.append(
            TimelineEntry(
                at=transition.at,
                kind="transition",
                title=f"{transition.get_from_state_display()} → {transition.get_to_state_display()}",
                detail=transition.reason,
                who=str(transition.by),
            )
        )
    for certificate in enterprise.certificates.all():
        entries.append(
            TimelineEntry(
                at=certificate.issued_on,
                kind="certificate",
                title=_("ISO 9001 certificate %(number)s issued by %(body)s")
                % {"number": certificate.number, "body": certificate.issuing_body},
            )
        )
    entries.extend(_assistance_entries(user, enterprise))
    for case in (
        PracticeCase.objects.visible_to(user).filter(enrolment__enterprise=enterprise).select_related("created_by")
    ):
        entries.append(
            TimelineEntry(
                at=case.submitted_at or case.created_at,
                kind="case",
                title=_("Practice case “%(title)s” (%(state)s)")
                % {"title": case.title, "state": case.get_state_display()},
                who=str(case.created_by),
            )
        )
    for summary in (
        ImplementationSummary.objects.visible_to(user)
        .filter(enrolment__enterprise=enterprise)
        .select_related("uploaded_by")
    ):
        entries.append(
            TimelineEntry(
                at=summary.uploaded_at,
                kind="summary",
                title=_("Implementation summary uploaded: %(name)s") % {"name": summary.original_name},
                who=str(summary.uploaded_by),
            )
        )
    return sorted(entries, key=lambda e: _sortable(e.at), reverse=True)


def _assistance_entries(user, enterprise: Enterprise) -> list[TimelineEntry]:

    from assistance.models import Visit

    entries = []
    for visit in Visit.objects.visible_to(user).filter(enrolment__enterprise=enterprise).select_related("expert__user"):
        entries.append(
            TimelineEntry(
                at=visit.visited_on,
                kind="visit",
                title=_("Visit: %(kind)s") % {"kind": visit.get_kind_display()},
                detail=visit.participants,
                who=str(visit.expert.user),
            )
        )
    for training in Training.objects.visible_to(user).filter(enterprises=enterprise):
        kind = str(training.get_kind_display())
        entries.append(
            TimelineEntry(
                at=training.held_on,
                kind="training",
                # A topic that names its kind already ("……集中培训") is not prefixed with it a second time.
                title=training.topic
                if kind in training.topic
                else _("%(kind)s: %(topic)s") % {"kind": kind, "topic": training.topic},
            )
        )
    return entries


def _sortable(value) -> datetime:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return datetime(value.year, value.month, value.day, 23, 59)
