"""The notice's domain rules this app enforces (DESIGN.md §6), one named function per rule, each with its clause.

Services call these functions; selectors use them to explain a choice (the expert suggestions, R8 per district);
the enrolment lifecycle reads the preconditions registered at the bottom (``enterprises.services.enrolments.precondition``,
imported from ``AssistanceConfig.ready``). Permissions — who may do what — are in ``assistance.permissions``.

| rule | clause | function |
|---|---|---|
| R2 | 附件一 建议每位帮扶专家负责帮扶1-2个小微企业 | ``expert_load_breach`` (+ ``override_check``) |
| R3 | 附件一 专业对口 | ``specialty_breach`` (+ ``override_check``) |
| R4 | 附件一 尽量不跨地区开展工作 | ``district_breach`` (+ ``override_check``) |
| R5 | 附件一, 附件三 帮扶专家不得进审核组及参与认证决定工作 | ``firewall_errors``, ``auditing_firewall_error`` (at assignment) |
| R6 | 附件一 由管理人员和帮扶专家组成…工作组设一名负责人 | ``working_group_errors`` |
| R7 | 附件二(三)2 运行时间至少为3个月; 内审; 管理评审; 已获证企业核查 | ``operated_three_months``, ``internal_audit_recorded``, ``management_review_recorded``, ``verification_errors``, ``chain_errors`` (the chain in order) |
| R8 | 附件二(三)1 每个地区至少1次集中培训、至少1次行业培训 | ``missing_training_kinds``, ``training_district_error`` (a body's trainings only for the districts its groups cover) |
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, User
from assistance.models import (
    Assignment,
    AuditResult,
    CertificationAudit,
    CertificationBody,
    Diagnosis,
    DocumentLevel,
    Expert,
    GroupRole,
    InternalAudit,
    ManagementReview,
    Plan,
    RecordMode,
    SystemDocument,
    TrainingKind,
    Visit,
    WorkingGroup,
)
from campaign.models import MemberUnit, PhaseKind
from enterprises.models import Cluster, Enrolment, EnrolmentState, EnrolmentTransition, Enterprise
from enterprises.services.enrolments import precondition

# --- R2–R4: assigning an expert (附件一) -------------------------------------------------------------------------------

MAX_ENTERPRISES_PER_EXPERT = 2  # R2, 附件一: 建议每位帮扶专家负责帮扶1-2个小微企业
# What a person reads for R2–R4 when an assignment breaks one (the code stays in the row and in a tooltip).
OVERRIDE_LABELS = {
    "R2": gettext_lazy("More than 2 enterprises for one expert"),
    "R3": gettext_lazy("Industry does not match"),
    "R4": gettext_lazy("Outside the expert's district"),
}
MIN_REASON_LENGTH = 5  # characters of a written reason for an exception to R2–R4 (or for replacing an expert)


@dataclass(frozen=True)
class Breach:
    """One of R2–R4 that an assignment would break, with the message that names it."""

    rule: str  # "R2", "R3" or "R4"
    message: str


def expert_load_breach(*, expert: Expert, load: int) -> Breach | None:
    """R2 (附件一: 建议每位帮扶专家负责帮扶1-2个小微企业): the breach when the expert already assists ``load`` (an
    int, not counting the enterprise in question) ≥ ``MAX_ENTERPRISES_PER_EXPERT`` enterprises in the campaign."""
    if load < MAX_ENTERPRISES_PER_EXPERT:
        return None
    return Breach(
        "R2",
        _("R2: %(expert)s already assists %(load)s enterprises in this campaign (1–2 per expert).")
        % {"expert": expert, "load": load},
    )


def specialty_breach(*, expert: Expert, enterprise: Enterprise) -> Breach | None:
    """R3 (附件一: 专业对口): the breach when the enterprise's industry cluster is not among the expert's
    specialties."""
    if enterprise.cluster in (expert.specialties or []):
        return None
    return Breach(
        "R3",
        _("R3: %(expert)s's specialties do not include %(cluster)s, the industry of %(enterprise)s.")
        % {"expert": expert, "cluster": Cluster(enterprise.cluster).label, "enterprise": enterprise},
    )


def district_breach(*, expert: Expert, enterprise: Enterprise) -> Breach | None:
    """R4 (附件一: 尽量不跨地区开展工作): the breach when the expert's home district is not the enterprise's."""
    if expert.home_district_id == enterprise.district_id:
        return None
    return Breach(
        "R4",
        _("R4: %(expert)s works in %(home)s, not in %(district)s where %(enterprise)s is.")
        % {"expert": expert, "home": expert.home_district, "district": enterprise.district, "enterprise": enterprise},
    )


def rule_breaches(*, expert: Expert, enterprise: Enterprise, load: int) -> list[Breach]:
    """Which of R2–R4 assigning ``expert`` to ``enterprise`` would break, given the expert's current ``load`` (not
    counting this enterprise). One function for the service, the suggestions and their explanations."""
    found = [
        expert_load_breach(expert=expert, load=load),
        specialty_breach(expert=expert, enterprise=enterprise),
        district_breach(expert=expert, enterprise=enterprise),
    ]
    return [breach for breach in found if breach is not None]


def override_check(breaches: Sequence[Breach], override_reason: str | None) -> tuple[list[str], str]:
    """R2–R4 are advice in 附件一, so breaking one is possible only on purpose: returns (the rules broken, the
    reason) to keep on the assignment. Raises ValidationError on ``override_reason`` (the reason asked for, then
    each breach's message) when rules are broken without a reason of at least ``MIN_REASON_LENGTH`` characters."""
    reason = (override_reason or "").strip()
    if not breaches:
        return [], ""
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "override_reason": [
                    _(
                        "This assignment breaks the rules below. Give the reason for the exception (at least "
                        "%(count)s characters); it is kept and shown to the regulator."
                    )
                    % {"count": MIN_REASON_LENGTH},
                    *[breach.message for breach in breaches],
                ]
            },
            code="override_needed",
        )
    return [breach.rule for breach in breaches], reason


def assistance_ends_on(campaign) -> date | None:
    """The last day of the campaign's assistance phase (帮扶提升阶段); reads prefetched phases when there are."""
    return next((p.ends_on for p in campaign.phases.all() if p.kind == PhaseKind.ASSISTANCE), None)


def late_assignment_check(*, campaign, late_reason: str | None, today: date | None = None) -> str:
    """附件二(三)2 (运行时间至少为3个月) against 四(二) (the assistance phase): an expert assigned after the assistance
    phase has ended leaves no room for three months of operation in this campaign, so it needs a written reason.
    Returns the reason to keep ("" when the phase has not ended); raises ValidationError on ``late_reason`` (the
    warning) without a reason of at least ``MIN_REASON_LENGTH`` characters."""
    ends_on = assistance_ends_on(campaign)
    today = today or timezone.localdate()
    if ends_on is None or today <= ends_on:
        return ""
    reason = (late_reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "late_reason": _(
                    "The assistance phase ended on %(date)s: three months of operation no longer fit in this "
                    "campaign. To assign an expert anyway, give the reason (at least %(count)s characters); it is "
                    "kept with the assignment."
                )
                % {"date": date_format(ends_on, "DATE_FORMAT"), "count": MIN_REASON_LENGTH}
            },
            code="late",
        )
    return reason


# --- R5: the impartiality firewall (附件一, 附件三) --------------------------------------------------------------------


def assisting_experts(enterprise_id: int) -> dict[int, str]:
    """R5: {expert id: how they assisted} for everyone who assisted the enterprise in any campaign — assigned to any
    of its enrolments (active or ended) or who logged a visit there."""

    how: dict[int, str] = {}
    for expert_id in Visit.objects.filter(enrolment__enterprise_id=enterprise_id).values_list("expert_id", flat=True):
        how[expert_id] = _("logged a visit there")
    for expert_id in Assignment.objects.filter(enrolment__enterprise_id=enterprise_id).values_list(
        "expert_id", flat=True
    ):
        how[expert_id] = _("assigned as its assistance expert")
    return how


def firewall_errors(
    *, enrolment: Enrolment, team: Iterable[Expert], decision_maker: Expert | None
) -> dict[str, list[str]]:
    """R5 (附件一: 如后续有认证审核活动,帮扶专家不得进审核组及参与认证决定工作; 附件三: 帮扶专家不应参与认证活动):
    the messages, keyed by field ("team", "decision_maker"), that name each assisting person and say why they are
    refused; empty when the audit is impartial."""
    assisted = assisting_experts(enrolment.enterprise_id)
    enterprise = enrolment.enterprise
    errors: dict[str, list[str]] = {}
    for expert in team:
        if expert.pk in assisted:
            errors.setdefault("team", []).append(
                _(
                    "%(person)s assisted %(enterprise)s (%(how)s), so may not sit on its certification audit team "
                    "(impartiality: assistance experts stay out of the audit and the decision)."
                )
                % {"person": expert, "how": assisted[expert.pk], "enterprise": enterprise}
            )
    if decision_maker is not None and decision_maker.pk in assisted:
        errors.setdefault("decision_maker", []).append(
            _(
                "%(person)s assisted %(enterprise)s (%(how)s), so may not take the certification decision "
                "(impartiality: assistance experts stay out of the audit and the decision)."
            )
            % {"person": decision_maker, "how": assisted[decision_maker.pk], "enterprise": enterprise}
        )
    return errors


def auditing_firewall_error(*, expert: Expert, enterprise: Enterprise) -> str | None:
    """R5 the other way round (附件一, 附件三): an expert who sits on a pending certification audit team of the
    enterprise, or is to take its decision, may not become its assistance expert (the audit could then never be
    decided). The message naming the audit, or None."""
    pending = (
        CertificationAudit.objects.filter(enrolment__enterprise_id=enterprise.pk, result=AuditResult.PENDING)
        .filter(Q(team=expert) | Q(decision_maker=expert))
        .order_by("starts_on")
        .first()
    )
    if pending is None:
        return None
    return _(
        "%(expert)s is on the certification audit of %(enterprise)s starting %(date)s (audit team or decision), so "
        "may not assist it (impartiality: assistance experts stay out of the audit and the decision)."
    ) % {"expert": expert, "enterprise": enterprise, "date": date_format(pending.starts_on, "DATE_FORMAT")}


# --- R6: the working group (附件一) ----------------------------------------------------------------------------------


class MemberLike(Protocol):
    """A member as a form or request names it (``assistance.services.groups.MemberSpec``)."""

    @property
    def user(self) -> User: ...
    @property
    def role(self) -> str: ...
    @property
    def is_leader(self) -> bool: ...


def working_group_errors(body: CertificationBody, members: Sequence[MemberLike]) -> list[str]:
    """R6 (附件一: 由管理人员和帮扶专家组成…工作组设一名负责人): the body's own managers and experts, each once, at
    least one assistance expert, and exactly one leader who is one of the members. Returns the messages (empty when
    the group is well formed)."""

    if not members:
        return [_("A working group needs members: the body's managers and experts.")]
    errors: list[str] = []
    seen: set[int] = set()
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(user_id__in=[m.user.pk for m in members]).select_related(
            "user", "user__expert_profile"
        )
    }
    for spec in members:
        name = str(spec.user)
        if spec.user.pk in seen:
            errors.append(_("%(name)s is listed twice.") % {"name": name})
            continue
        seen.add(spec.user.pk)
        membership = memberships.get(spec.user.pk)
        if membership is None or membership.organisation_id != body.organisation_id:
            errors.append(
                _(
                    "%(name)s does not work for %(body)s; a working group consists of the body's own managers and experts."
                )
                % {"name": name, "body": body.name}
            )
            continue
        if not spec.role and spec.is_leader:
            # The leader is one of the group's members, never made one behind the user's back.
            errors.append(
                _(
                    "%(name)s is chosen as the leader but marked “not a member”; make them a manager or an expert of the group, or choose another leader."
                )
                % {"name": name}
            )
        elif spec.role not in GroupRole.values:
            errors.append(_("Choose manager or expert for %(name)s.") % {"name": name})
        elif spec.role == GroupRole.EXPERT and getattr(membership.user, "expert_profile", None) is None:
            errors.append(
                _("%(name)s is not one of the body's assistance experts and can only join as a manager.")
                % {"name": name}
            )
    if not any(spec.role == GroupRole.EXPERT for spec in members):
        # 由管理人员和帮扶专家组成: a group without an assistance expert assists nobody.
        errors.append(_("A working group needs at least one assistance expert among its members."))
    leaders = [spec for spec in members if spec.is_leader]
    if len(leaders) == 0:
        errors.append(_("A working group has exactly one leader; choose the leader."))
    elif len(leaders) > 1:
        errors.append(
            _("A working group has exactly one leader, not %(count)s (%(names)s).")
            % {"count": len(leaders), "names": "、".join(str(spec.user) for spec in leaders)}
        )
    return errors


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


# --- R8: trainings per district (附件二(三)1) --------------------------------------------------------------------------

# 附件二(三)1(1)(2): 按地区, 提升活动期间至少组织1次集中培训 and 至少组织1次行业培训.
R8_REQUIRED_KINDS = (TrainingKind.CENTRALISED, TrainingKind.INDUSTRY)


def missing_training_kinds(by_kind: Mapping[str, int]) -> list[str]:
    """R8 (附件二(三)1(1)(2)): the required training kinds (TrainingKind values) a district has not held, given
    ``by_kind`` {kind: number held in the campaign}; empty when the district complies."""
    return [kind for kind in R8_REQUIRED_KINDS if not by_kind.get(kind)]


def covered_districts(*, body_id: int, campaign_id: int) -> QuerySet[MemberUnit]:
    """R8 (附件二(三)1; 附件一 帮扶工作组): the districts a certification body's working groups cover in the campaign —
    the only ones it records trainings for, so that its trainings count toward no other district's R8."""
    return MemberUnit.objects.filter(
        pk__in=WorkingGroup.objects.filter(body_id=body_id, campaign_id=campaign_id).values("districts")
    ).order_by("sort_order", "name")


def training_district_error(*, body_id: int, campaign_id: int, district: MemberUnit) -> str | None:
    """R8 by anyone: the message when ``district`` is not covered by the body's working groups in the campaign."""
    if covered_districts(body_id=body_id, campaign_id=campaign_id).filter(pk=district.pk).exists():
        return None
    return _(
        "None of your working groups covers %(district)s in this campaign; a certification body records trainings "
        "only for the districts its working groups cover."
    ) % {"district": district.name}


# --- the other steps of 附件二 an enrolment passes (not numbered rules; registered with the lifecycle) ---------------


@precondition(EnrolmentState.ASSIGNED)
def expert_assigned(enrolment: Enrolment) -> str | None:
    # 附件一: 帮扶专家对小微企业实施点对点提升帮扶.
    if not enrolment.assignments.filter(ended_at__isnull=True).exists():
        return _("Assign an assistance expert first.")
    return None


@precondition(EnrolmentState.DIAGNOSED)
def diagnosis_recorded(enrolment: Enrolment) -> str | None:
    # 附件二(二) 企业现场调研/诊断.
    if not Diagnosis.objects.filter(enrolment_id=enrolment.pk).exists():
        return _("Record the on-site diagnosis first.")
    return None


@precondition(EnrolmentState.BUILDING)
def plan_written(enrolment: Enrolment) -> str | None:
    # 附件二(三): 形成“一企一策”的帮扶模式.
    if not Plan.objects.filter(enrolment_id=enrolment.pk).exists():
        return _("Write the enterprise's plan (一企一策) first.")
    return None


@precondition(EnrolmentState.OPERATING)
def operation_started(enrolment: Enrolment) -> str | None:
    # 附件二(三)2: 启动体系试运行 — the date the three months count from.
    if enrolment.operation_started_on is None:
        return _("Record the date the system started operating.")
    return None


@precondition(EnrolmentState.OPERATING)
def quality_manual_uploaded(enrolment: Enrolment) -> str | None:
    # 附件二(三): 顶层制度(管理手册) — a system cannot operate without its manual.
    if not SystemDocument.objects.filter(enrolment_id=enrolment.pk, level=DocumentLevel.MANUAL).exists():
        return _("Upload the quality manual first.")
    return None
