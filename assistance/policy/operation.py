"""R7: operation, internal audit, management review (附件二(三)2), and the chain of dates they sit in.

Part of ``assistance.policy``; see its docstring and docs/RULES.md."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from assistance.models import (
    Assignment,
    Diagnosis,
    InternalAudit,
    ManagementReview,
    RecordMode,
)
from enterprises.models import Enrolment, EnrolmentState, EnrolmentTransition
from enterprises.services.enrolments import precondition

# --- R7: operation, internal audit, management review (附件二(三)2) ---------------------------------------------------

MIN_OPERATION_MONTHS = 3  # R7, 附件二(三)2: 小微企业质量管理体系运行时间至少为3个月


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (31 May + 3 months is 31 August; 30 November + 3 is 28/29
    February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def review_possible_from(enrolment: Enrolment) -> date | None:
    """R7 (附件二(三)2): the first day the system has run ``MIN_OPERATION_MONTHS`` calendar months, or None before
    operation has started."""
    started = enrolment.operation_started_on
    return add_months(started, MIN_OPERATION_MONTHS) if started else None


def is_certified(enrolment: Enrolment) -> bool:
    """An already-certified enterprise (附件二: 已获证企业) holds an ISO 9001 certificate (reads prefetched
    certificates when there are)."""
    return enrolment.enterprise.certificates.exists()


def verification_errors(enrolment: Enrolment, *, day: date, field: str, what: str) -> dict[str, str]:
    """R7 (附件二(三)2(1)(2): 对于已获证企业,若企业已完成当年的内审/管理评审,帮扶专家应指导小微企业核查实施情况): an
    internal audit or management review may be verified instead of conducted only for an already-certified
    enterprise, and only one held in the campaign's year. Returns {field: message}, empty when allowed."""
    if not is_certified(enrolment):
        return {
            "mode": _("Only an already-certified enterprise's own %(what)s can be verified instead.") % {"what": what}
        }
    if day.year != enrolment.campaign.year:
        return {
            field: _("Only a %(what)s held in %(year)s can be verified.")
            % {"what": what, "year": enrolment.campaign.year}
        }
    return {}


class Link(IntEnum):
    """R7 (附件二(二)(三)): the dated records of the assistance chain, in the order they must sit."""

    ASSIGNMENT = 1
    DIAGNOSIS = 2
    BUILD = 3  # the enrolment entered "building" (the plan written, 一企一策)
    OPERATION = 4
    INTERNAL_AUDIT = 5  # at least MIN_OPERATION_MONTHS after OPERATION
    MANAGEMENT_REVIEW = 6


def _link_name(link: Link) -> str:
    return {
        Link.ASSIGNMENT: _("the expert's assignment"),
        Link.DIAGNOSIS: _("the diagnosis date"),
        Link.BUILD: _("the start of system building"),
        Link.OPERATION: _("the operation start"),
        Link.INTERNAL_AUDIT: _("the internal audit"),
        Link.MANAGEMENT_REVIEW: _("the management review"),
    }[link]


# A span (first day, last day) per link; one day for most, the start and end of an internal audit.
Span = tuple[date, date]


@dataclass(frozen=True)
class Chain:
    """The dates already stored for one enrolment's chain (``assistance_chain``): for each link its earliest record
    (the first assignment, the build start, the first internal audit and management review)."""

    spans: Mapping[Link, Span]
    certified: bool


def assistance_chain(enrolment: Enrolment) -> Chain:
    """R7: the stored dates of ``enrolment``'s chain (six small queries, whatever the data), read by ``chain_errors``
    and the checklist."""
    spans: dict[Link, Span] = {}

    def put(link: Link, first: date | None, last: date | None = None) -> None:
        if first is not None:
            spans[link] = (first, last or first)

    assigned = Assignment.objects.filter(enrolment_id=enrolment.pk).order_by("assigned_at").first()
    put(Link.ASSIGNMENT, timezone.localtime(assigned.assigned_at).date() if assigned else None)
    put(
        Link.DIAGNOSIS,
        Diagnosis.objects.filter(enrolment_id=enrolment.pk).values_list("diagnosed_on", flat=True).first(),
    )
    built = (
        EnrolmentTransition.objects.filter(enrolment_id=enrolment.pk, to_state=EnrolmentState.BUILDING)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    put(Link.BUILD, timezone.localtime(built).date() if built else None)
    put(Link.OPERATION, enrolment.operation_started_on)
    audit = (
        InternalAudit.objects.filter(enrolment_id=enrolment.pk, mode=RecordMode.CONDUCTED).order_by("starts_at").first()
    )
    if audit is not None:
        put(
            Link.INTERNAL_AUDIT,
            timezone.localtime(audit.starts_at).date(),
            timezone.localtime(audit.ends_at).date(),
        )
    review = (
        ManagementReview.objects.filter(enrolment_id=enrolment.pk, mode=RecordMode.CONDUCTED)
        .order_by("held_at")
        .first()
    )
    put(Link.MANAGEMENT_REVIEW, timezone.localtime(review.held_at).date() if review else None)
    return Chain(spans=spans, certified=is_certified(enrolment))


def chain_collision(
    chain: Chain, *, link: Link, span: Span, today: date | None = None
) -> tuple[Link | None, date, bool] | None:
    """R7 (附件二(三)2): where ``span`` (first, last day) of a record of ``link`` breaks the chain assignment ≤
    diagnosis ≤ build ≤ operation start ≤ operation start + MIN_OPERATION_MONTHS ≤ internal audit ≤ management
    review ≤ today, given the other links' stored dates: (the link it collides with — None for today —, the date it
    collides with, True when the record is too early), or None when it sits in order. The tightest bound is named.

    An already-certified enterprise's system ran before the campaign (附件二: 已获证企业), so for it the links up to
    the build do not bound the operation and what follows."""
    first, last = span
    today = today or timezone.localdate()
    if last > today:
        return None, today, False
    lower: tuple[date, Link] | None = None
    upper: tuple[date, Link] | None = None
    for other, (other_first, other_last) in chain.spans.items():
        if other == link or (chain.certified and min(other, link) <= Link.BUILD < max(other, link)):
            continue
        if other < link:
            # 运行时间至少为3个月: what follows the operation start comes after its three months.
            bound = add_months(other_first, MIN_OPERATION_MONTHS) if other == Link.OPERATION else other_last
            if lower is None or bound > lower[0]:
                lower = (bound, other)
        else:
            # The operation start leaves its three months before what is recorded after them.
            end = add_months(first, MIN_OPERATION_MONTHS) if link == Link.OPERATION < other else last
            if end > other_first and (upper is None or other_first < upper[0]):
                upper = (other_first, other)
    if lower is not None and first < lower[0]:
        return lower[1], lower[0], True
    if upper is not None:
        return upper[1], upper[0], False
    return None


def chain_errors(enrolment: Enrolment, *, link: Link, span: Span, field: str) -> dict[str, str]:
    """R7: ``chain_collision`` for a record about to be stored, as {field: the message naming the date it collides
    with} (empty when it sits in order). Every service that records a date of the chain calls this."""
    found = chain_collision(assistance_chain(enrolment), link=link, span=span)
    if found is None:
        return {}
    other, day, too_early = found
    names = {
        "what": capfirst(_link_name(link)),
        "date": date_format(day, "DATE_FORMAT"),
        "months": MIN_OPERATION_MONTHS,
    }
    if other is None:
        return {field: _("%(what)s cannot be in the future (today is %(date)s).") % names}
    names["other"] = _link_name(other)
    if too_early and other == Link.OPERATION:
        message = _("%(what)s cannot be before %(date)s, when the system has run %(months)s months.")
    elif too_early:
        message = _("%(what)s cannot be before %(other)s, %(date)s.")
    elif link == Link.OPERATION:
        message = _("%(what)s must leave %(months)s months of operation before %(other)s, %(date)s.")
    else:
        message = _("%(what)s cannot be after %(other)s, %(date)s.")
    return {field: message % names}


@precondition(EnrolmentState.REVIEWED)
def operated_three_months(enrolment: Enrolment) -> str | None:
    """R7, 附件二(三)2: 小微企业质量管理体系运行时间至少为3个月 — the message when the system has not yet run
    ``MIN_OPERATION_MONTHS`` months, else None."""
    possible_from = review_possible_from(enrolment)
    if possible_from is None:
        return _("Record the date the system started operating; it must run at least %(months)s months.") % {
            "months": MIN_OPERATION_MONTHS
        }
    if possible_from > timezone.localdate():
        assert enrolment.operation_started_on is not None  # possible_from is derived from it
        return _("The system has run since %(start)s; it must run at least %(months)s months, until %(date)s.") % {
            "start": date_format(enrolment.operation_started_on, "DATE_FORMAT"),
            "months": MIN_OPERATION_MONTHS,
            "date": date_format(possible_from, "DATE_FORMAT"),
        }
    return None


def audit_span(audit: InternalAudit) -> Span:
    return timezone.localtime(audit.starts_at).date(), timezone.localtime(audit.ends_at).date()


def review_span(review: ManagementReview) -> Span:
    day = timezone.localtime(review.held_at).date()
    return day, day


def internal_audit_in_order(chain: Chain, audit: InternalAudit) -> bool:
    """R7: a conducted internal audit counts only in order with the chain (after three months of operation); a
    verified one is the certified enterprise's own, judged by ``verification_errors`` when it was recorded."""
    if audit.mode == RecordMode.VERIFIED:
        return True
    return chain_collision(chain, link=Link.INTERNAL_AUDIT, span=audit_span(audit)) is None


def management_review_in_order(chain: Chain, review: ManagementReview) -> bool:
    """R7: a conducted management review counts only in order with the chain (after the internal audit)."""
    if review.mode == RecordMode.VERIFIED:
        return True
    return chain_collision(chain, link=Link.MANAGEMENT_REVIEW, span=review_span(review)) is None


@precondition(EnrolmentState.REVIEWED)
def internal_audit_recorded(enrolment: Enrolment) -> str | None:
    """R7, 附件二(三)2(1): 内审起止时间, 内部审核计划和内部审核报告 — the message when none is recorded in order."""
    chain = assistance_chain(enrolment)
    audits = InternalAudit.objects.filter(enrolment_id=enrolment.pk)
    if not any(internal_audit_in_order(chain, audit) for audit in audits):
        return _("Record the internal audit (start and end time, plan and report).")
    return None


@precondition(EnrolmentState.REVIEWED)
def management_review_recorded(enrolment: Enrolment) -> str | None:
    """R7, 附件二(三)2(2): 管理评审时间, 管理评审计划和管理评审报告 — the message when none is recorded in order."""
    chain = assistance_chain(enrolment)
    reviews = ManagementReview.objects.filter(enrolment_id=enrolment.pk)
    if not any(management_review_in_order(chain, review) for review in reviews):
        return _("Record the management review (time, plan and report).")
    return None
