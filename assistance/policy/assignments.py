"""R2–R4: assigning an expert (附件一: 1–2 enterprises each, 专业对口, 尽量不跨地区), and assigning late.

Part of ``assistance.policy``; see its docstring and docs/RULES.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance.models import (
    Expert,
)
from campaign.models import PhaseKind
from enterprises.models import Cluster, Enterprise

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
