"""The notice's domain rules that the enterprises app enforces, one named function per rule (DESIGN.md §6).

Services call these; selectors read the R12 condition from here; the clause of the notice is in each docstring.
Permissions (who may act on which row) are not rules of the notice: they are in enterprises.permissions.

- R1  eligibility screening — ``screening_failures`` (and the gates ``screening_passed`` / ``screening_failed``);
- R10 1–2 cases per enterprise, ≥ 1 recommended case per district, the outputs before "results" —
  ``case_limit_check``, ``district_recommendation_late``, ``outputs_delivered``;
- R11 no "免费认证" publicity — ``free_certification_phrase``, ``no_free_certification_check``;
- R12 surveillance / recertification due dates of certified enterprises — ``audit_due_q``, ``audits_due_in_campaign``;
- closed is closed: an ended enrolment's outputs and work records, and its figures from "results" on, are read-only
  — ``enrolment_write_refusal``, ``enrolment_write_check``;
- R13 a reviewer does not score a case of an enterprise their own certification body assisted — ``reviewer_conflict``,
  ``reviewer_impartiality_check``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from assistance.models import Assignment, CertificationBody
from campaign.models import Campaign, PhaseKind
from campaign.policy import campaign_ends_on, campaign_write_check
from enterprises.models import (
    ENDED_STATES,
    CaseState,
    Certificate,
    Enrolment,
    EnrolmentState,
    Enterprise,
    ReviewerProfile,
)

if TYPE_CHECKING:  # the service's input; importing it at run time would be a cycle (the service calls this module)
    from enterprises.services.screening import ScreeningData

# --- R1: eligibility (三、参与企业范围; 附件二(二)) ---------------------------------------------------------------------

# 附件二(二): 近2年来未被纳入《严重违法失信企业名单》;未因质量问题被处罚、曝光.
LOOKBACK_YEARS = 2


def lookback_start(checked_on: date) -> date:
    """The first day of R1's two-year window: the same calendar day two years before the check (28 Feb for 29 Feb)."""
    try:
        return checked_on.replace(year=checked_on.year - LOOKBACK_YEARS)
    except ValueError:
        return checked_on.replace(year=checked_on.year - LOOKBACK_YEARS, day=28)


def screening_failures(data: ScreeningData) -> list[tuple[str, str]]:
    """R1 as (code, message) pairs; empty when the enterprise is eligible.

    三、参与企业范围 1–3 and 附件二(二): strong willingness; normal production and operation; the necessary resources;
    not on 经营异常名录; not on 严重违法失信企业名单 in the last two years; no quality penalty or public exposure in the
    last two years. The window is [checked_on − 2 years, checked_on]: a listing exactly two years before the check
    still counts; one a day older does not. Certified and uncertified enterprises are both eligible (三、1).
    """
    since = lookback_start(data.checked_on)
    failures = []
    if not data.normal_operation:
        failures.append(("not_operating", _("The enterprise is not in normal production and operation.")))
    if not data.resources_committed:
        failures.append(("no_resources", _("The enterprise cannot commit the necessary resources.")))
    if not data.willing:
        failures.append(("not_willing", _("The enterprise has no strong wish to improve its quality management.")))
    if data.on_abnormal_operations_list:
        failures.append(("abnormal_list", _("The enterprise is on the list of abnormal operations (经营异常名录).")))
    if data.dishonesty_listed_on and data.dishonesty_listed_on >= since:
        failures.append(
            (
                "dishonest",
                _(
                    "The enterprise was listed as seriously dishonest on %(date)s, within the two years before the check."
                )
                % {"date": date_format(data.dishonesty_listed_on)},
            )
        )
    if data.quality_penalty_on and data.quality_penalty_on >= since:
        failures.append(
            (
                "quality_penalty",
                _(
                    "The enterprise was penalised or publicly exposed for quality on %(date)s, within the two years "
                    "before the check."
                )
                % {"date": date_format(data.quality_penalty_on)},
            )
        )
    return failures


def screening_passed(enrolment: Enrolment) -> str | None:
    """R1 as a gate: an enrolment moves to "screened" only with a screening recorded that found it eligible. Returns
    the message that says what is missing, or None (an enrolment precondition)."""
    screening = getattr(enrolment, "screening", None)
    if screening is None:
        return _("Record the eligibility screening first.")
    if not screening.passed:
        return _("The screening found the enterprise not eligible; it can only be rejected.")
    return None


def screening_failed(enrolment: Enrolment) -> str | None:
    """R1 as a gate: an enrolment is "rejected" only with a screening recorded that found it not eligible."""
    screening = getattr(enrolment, "screening", None)
    if screening is None:
        return _("Record the eligibility screening first.")
    if screening.passed:
        return _("The screening found the enterprise eligible; it cannot be rejected.")
    return None


# --- R10: outputs, cases, recommendation (五(一); 附件二(四)) -------------------------------------------------------

# 附件二(四): 按照要求编制1-2个《小微企业质量管理优良实践案例》.
MAX_CASES_PER_ENROLMENT = 2
# 五(一): 每区至少推荐1家成效突出的小微企业 — a case counts as recommended from "recommended" on.
MIN_RECOMMENDED_CASES_PER_DISTRICT = 1
RECOMMENDED_STATES = (CaseState.RECOMMENDED, CaseState.SCORED, CaseState.SELECTED, CaseState.NOT_SELECTED)


def case_limit_check(*, existing: int) -> None:
    """R10 (附件二(四) 编制1-2个): ValidationError (code "too_many_cases") when an enrolment that already has
    ``existing`` cases may not get another one."""
    if existing >= MAX_CASES_PER_ENROLMENT:
        raise ValidationError(
            _(
                "An enterprise writes at most %(max)s practice cases per campaign (notice 附件二(四)); you already "
                "have %(count)s. Edit or improve an existing case instead."
            )
            % {"max": MAX_CASES_PER_ENROLMENT, "count": existing},
            code="too_many_cases",
        )


def district_recommendation_late(*, recommended: int, due_on: date | None, today: date) -> tuple[bool, bool]:
    """R10 (五(一) 每区至少推荐1家): ``(warn, overdue)`` for a district that has recommended ``recommended`` cases —
    a warning while it has fewer than one, overdue once ``due_on`` (the case-recommendation deadline) has passed."""
    short = recommended < MIN_RECOMMENDED_CASES_PER_DISTRICT
    return short, short and due_on is not None and today > due_on


def outputs_delivered(enrolment: Enrolment) -> str | None:
    """附件二(四) 帮扶成果输出 (R10's data): an enrolment reaches "results" only with its outcome figures complete
    (before and after) and the enterprise's 《企业实施情况及成效总结》 uploaded. The message of what is missing, or None."""
    outcome = getattr(enrolment, "outcome", None)
    if outcome is None or not outcome.is_complete:
        return _("The outcome figures (before and after) are not complete yet.")
    if getattr(enrolment, "summary", None) is None:
        return _("The enterprise has not uploaded its implementation summary yet.")
    return None


# --- A late nomination (附件二(三)2: the system runs at least three months within the campaign, R7) ---------------


def late_nomination_warning(campaign: Campaign, today: date) -> str | None:
    """The warning for nominating into ``campaign`` on ``today`` once its assistance phase has ended: the three
    months of operation (R7) no longer fit in the campaign, so the nomination needs a reason to go on. None before,
    and None once the whole campaign has ended: then nothing is written into it unless the regulator has reopened it,
    and the reopening's reason is the reason (campaign.policy.campaign_write_refusal)."""
    ends_on = next((p.ends_on for p in campaign.phases.all() if p.kind == PhaseKind.ASSISTANCE), None)
    campaign_ends = campaign_ends_on(campaign)
    if ends_on is None or today <= ends_on or (campaign_ends is not None and today > campaign_ends):
        return None
    return _(
        "The assistance phase of %(campaign)s ended on %(date)s: three months of system operation (notice 附件二(三)2) "
        "no longer fit in this campaign. Give the reason to nominate the enterprise anyway; it is kept with the "
        "enrolment."
    ) % {"campaign": campaign.title, "date": date_format(ends_on)}


# --- Closed is closed (DESIGN.md §5; 五(一) the final report reads these records) ------------------------------------


class EnrolmentRecord(StrEnum):
    """What a write to an enrolment touches, for ``enrolment_write_refusal``."""

    FIGURES = "figures"  # the outcome figures: final from "results" on
    OUTPUTS = "outputs"  # the summary and the cases
    WORK = "work"  # visits, diagnosis and problems, plan, documents, operation, internal audits, management reviews


def enrolment_write_refusal(enrolment: Enrolment, what: str) -> str | None:
    """Why ``what`` (an ``EnrolmentRecord``) of ``enrolment`` may no longer be written, or None.

    Once an enrolment has ended (closed, withdrawn, rejected) its outputs and work records are what the final report
    (五(一)) reads: read-only. Its outcome figures are final once it reaches "results" (附件二(四) 帮扶成果输出: the
    results are delivered with them). A correction is the regulator's, with a recorded reason
    (``enterprises.services.outcomes.outcome_correct``)."""
    if enrolment.state in ENDED_STATES:
        return _(
            "This enrolment has ended (“%(state)s”); its records are read-only. A correction needs the regulator, "
            "with a recorded reason."
        ) % {"state": enrolment.get_state_display()}
    if what == EnrolmentRecord.FIGURES and enrolment.state == EnrolmentState.RESULTS:
        return _(
            "The results of this enrolment have been delivered; its outcome figures are final. A correction needs "
            "the regulator, with a recorded reason."
        )
    return None


def enrolment_write_check(enrolment: Enrolment, what: str) -> None:
    """``enrolment_write_refusal`` as a service check: ValidationError (code "enrolment_ended") when refused; and,
    as every write into a campaign, ``campaign.policy.campaign_write_check`` (code "campaign_finished")."""
    refusal = enrolment_write_refusal(enrolment, what)
    if refusal:
        raise ValidationError(refusal, code="enrolment_ended")
    campaign_write_check(enrolment.campaign)


# --- R11: no publicity as “免费认证” (四、工作要求(一): 严禁以“免费认证”的名义对外宣传) -----------------------------------
# The notice numbers this item “2.” (its third item; DESIGN.md §6 cites it as 四(一)3).

# The notice forbids publicity *in the name of* free certification: the claim that certification costs nothing, in
# any words ("免费认证", "认证免费", "0元认证", "免费ISO9001认证", "认证费全免", "免费拿证" …). Offering reduced fees is what
# the notice asks bodies to do (四(三)3 适当减免费用) and passes; so does a free service that is not the certification
# ("免费培训，帮助企业通过认证"). The text is compared with spaces, punctuation and invisible characters removed,
# full width folded (NFKC) and traditional characters read as simplified.
_TRADITIONAL = str.maketrans(
    {"費": "费", "認": "认", "證": "证", "証": "证", "體": "体", "係": "系", "質": "质", "務": "务"}
)
_ZERO_COST = (
    r"(?:免费|全免|免单|0元|零元|0费用|零费用|0收费|零收费|不收费|不收取费用|不收取任何费用|不要钱|不花钱|分文不取)"
)
# What may stand between "免费" and "认证" in a claim about the certification itself.
_BETWEEN = r"(?:[a-z0-9]|体系|质量|管理|三|办理|获得|获取|申请|拿到|取得|领取|通过|进行|参加|享受|做|办|拿|领|获|的)"
_FREE_CERTIFICATION_CLAIMS = re.compile(
    "|".join(
        (
            rf"免费{_BETWEEN}{{0,15}}认证",
            rf"(?:0|零)(?:元|费用|成本|收费){_BETWEEN}{{0,15}}认证",
            rf"认证(?:费|费用|服务|全程|流程|证书|的|全部|一律|完全|均|都|可|即可|就能|也)*{_ZERO_COST}",
            r"(?:免收|免除|免去|免交|免缴|不收|不收取|无需缴纳|无需支付|不用交|不用付|不需要交)(?:任何)?认证(?:费用|费)",
            r"(?:白送|赠送|免费送|免费发|免费领|免费拿|免费办|0元拿|零元拿)(?:认证证书|证书|证)",
        )
    ),
    re.IGNORECASE,
)


def free_certification_phrase(text: str) -> str | None:
    """R11 (四、工作要求(一) 严禁以“免费认证”的名义对外宣传): the words of ``text``, as written, that claim certification
    is free ("免 费·认证", "认证全程免费", "0元认证" …), or None."""
    if not text:
        return None
    kept: list[str] = []
    origin: list[int] = []  # for each kept character, where it stands in the text as written
    for index, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).translate(_TRADITIONAL):
            if folded.isalnum():
                kept.append(folded)
                origin.append(index)
    # "减免" (reduce or waive in part) is what the notice asks for; it must not read as "免…".
    compared = "".join(kept).replace("减免", "减少")
    match = _FREE_CERTIFICATION_CLAIMS.search(compared)
    if match is None:
        return None
    return text[origin[match.start()] : origin[match.end() - 1] + 1]


def no_free_certification_check(**fields: str) -> None:
    """R11: ValidationError keyed by field for every text that advertises “免费认证” (四、工作要求(一))."""
    errors = {}
    for name, text in fields.items():
        found = free_certification_phrase(text)
        if found:
            errors[name] = _(
                "The text contains “%(phrase)s”. Publicity under the name of “free certification” is prohibited "
                "(notice 四(一)2); please reword it."
            ) % {"phrase": found}
    if errors:
        raise ValidationError(errors)


# --- R12: certified enterprises' next audits (附件二 二、: 对已获证小微企业,应关注实施监督或再认证的时限要求) -----------------

ACTIVE_STATES = [s for s in EnrolmentState.values if s not in ENDED_STATES]


def audits_due_in_campaign() -> QuerySet[Certificate]:
    """R12: the certificates of an enrolment's enterprise whose next surveillance or recertification audit falls
    between its campaign's first phase start and last phase end, soonest first. A subquery: it reads the
    ``campaign_starts_on`` / ``campaign_ends_on`` annotations of enterprises.selectors.enrolments.with_calendar."""
    return Certificate.objects.filter(
        enterprise=OuterRef("enterprise"),
        next_audit_on__gte=OuterRef("campaign_starts_on"),
        next_audit_on__lte=OuterRef("campaign_ends_on"),
    ).order_by("next_audit_on")


def audit_due_q() -> Q:
    """R12: an enrolment still under way whose enterprise has an audit due during its campaign
    (``audits_due_in_campaign``); on a ``with_calendar`` queryset."""
    return Q(Exists(audits_due_in_campaign())) & Q(state__in=ACTIVE_STATES)


# --- R13: impartiality of the case panel (as R5: 附件一 帮扶专家不得进审核组及参与认证决定工作) -------------------------


def reviewer_conflict(*, reviewer: User, enterprise: Enterprise) -> CertificationBody | None:
    """R13 (impartiality, as 附件一 / R5): the reviewer's own certification body, if it assisted the enterprise on
    any enrolment (an ended assignment counts too), else None."""
    profile = ReviewerProfile.objects.filter(user=reviewer).select_related("affiliated_body").first()
    if profile is None or profile.affiliated_body_id is None:
        return None
    assisted = Assignment.objects.filter(
        expert__body_id=profile.affiliated_body_id, enrolment__enterprise_id=enterprise.pk
    ).exists()
    return profile.affiliated_body if assisted else None


def reviewer_impartiality_check(*, reviewer: User, enterprise: Enterprise, field: str | None = None) -> None:
    """R13: ValidationError (code "r13_conflict", keyed by ``field`` when given) when ``reviewer_conflict`` finds the
    reviewer's body assisted ``enterprise``."""
    body = reviewer_conflict(reviewer=reviewer, enterprise=enterprise)
    if body is None:
        return
    message = _(
        "This reviewer works for %(body)s, which assisted %(enterprise)s; to keep the selection impartial they "
        "cannot review or score its case."
    ) % {"body": body.name, "enterprise": enterprise.name}
    raise ValidationError({field: message} if field else message, code="r13_conflict")


# --- 五(一) 组织专家评选优秀案例: the rubric the panel scores on ------------------------------------------------------

RUBRIC_TOTAL_WEIGHT = 100  # the weights are percentages of the total, which is on 100 like the single score was


def rubric_weight_error(weights: list[int]) -> str | None:
    """五(一): the criteria's weights (%) add up to RUBRIC_TOTAL_WEIGHT, so a weighted total is a score on 100; the
    message when they do not, else None."""
    total = sum(weights)
    if total == RUBRIC_TOTAL_WEIGHT:
        return None
    return _("The weights add up to %(total)s%%; they must add up to %(required)s%%.") % {
        "total": total,
        "required": RUBRIC_TOTAL_WEIGHT,
    }


def weighted_total(scores: list[tuple[int, int, int]]) -> Fraction:
    """五(一): a review's total on 100 from its criterion scores, given as (weight %, highest score, score) — each
    criterion counts its weight times the share of its highest score it got."""
    return sum((Fraction(weight * score, max_score) for weight, max_score, score in scores), Fraction(0))


def rounded_total(total: Fraction) -> int:
    """The total as the whole number kept in CaseReview.score (half up, as a person rounds)."""
    return int(total + Fraction(1, 2))
