"""Writes of the enterprise's outputs (附件二(四) 帮扶成果输出; 五(一)(二)): outcome figures, the implementation
summary, practice cases with their review, and complaints about a certification body.

Every service owns its transaction, takes ``acting_user``, checks the per-object permission (enterprises.rules,
"outputs" section), records who/when through django-simple-history and re-checks visibility inside the transaction.
Business errors are ``ValidationError`` with English msgids (Chinese in the catalogue), keyed by field where a field
is at fault, so a form shows them there and keeps what was typed.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import scope_of
from assistance.models import Assignment, CertificationBody
from enterprises.models import (
    MAX_CASES_PER_ENROLMENT,
    Case,
    CaseAttachment,
    CaseReview,
    CaseState,
    Complaint,
    ComplaintState,
    Enrolment,
    Enterprise,
    ImplementationSummary,
    OutcomeFigures,
    ReviewerProfile,
)
from portal.scoping import ensure_still_visible

STALE_MESSAGE_KEY = "stale"
MAX_ATTACHMENTS_PER_CASE = 10

# The outcome figures: which are percentages (0–100, 附件二(四) 量化绩效指标), which are amounts or counts.
PERCENT_METRICS = ("profit_margin", "quality_cost_rate", "pass_rate", "on_time_delivery")
OUTCOME_FIELDS = tuple(f"{metric}_{when}" for metric in OutcomeFigures.METRICS for when in ("baseline", "end"))
_MAX_REVENUE = Decimal("9999999999.99")
_MAX_COMPLAINTS = 1_000_000


def _stale_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this record while you were editing it. Your input is kept below; "
            "reload the page to see their change, then apply yours again."
        ),
        code=STALE_MESSAGE_KEY,
    )


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _save_with_history(instance, *, acting_user, reason: str | None = None) -> None:
    instance._history_user = acting_user
    if reason:
        instance._change_reason = reason
    instance.save()


# --- R11: no publicity under the name of “免费认证” (四(一)2 严禁以“免费认证”的名义对外宣传) --------------------------------

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
    """R11 (四(一)2 严禁以“免费认证”的名义对外宣传): the words of ``text``, as written, that claim certification is free
    ("免 费·认证", "认证全程免费", "0元认证" …), or None."""
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


def _check_no_free_certification(**fields: str) -> None:
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


# --- Outcome figures (R10) ------------------------------------------------------------------------------------------


def _clean_figures(figures: dict) -> dict:
    errors = {}
    cleaned = {}
    for name in OUTCOME_FIELDS:
        value = figures.get(name)
        if value is None or value == "":
            cleaned[name] = None
            continue
        metric = name.rsplit("_", 1)[0]
        if metric == "complaints":
            if not isinstance(value, int) or value < 0 or value > _MAX_COMPLAINTS:
                errors[name] = _("Enter a whole number from 0 to %(max)s.") % {"max": _MAX_COMPLAINTS}
                continue
        else:
            value = Decimal(str(value))
            if metric in PERCENT_METRICS and not (Decimal("0") <= value <= Decimal("100")):
                errors[name] = _("A percentage must be between 0 and 100.")
                continue
            if metric == "revenue" and not (Decimal("0") <= value <= _MAX_REVENUE):
                errors[name] = _("Enter an amount of at least 0 (in 10k yuan).")
                continue
            value = value.quantize(Decimal("0.01"))
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def outcome_save(*, enrolment: Enrolment, figures: dict, expected_version: int, acting_user) -> OutcomeFigures:
    """Record the baseline and end figures. ``expected_version`` is the version read (0: none existed yet)."""
    _require(acting_user, "enterprises.change_outcome", enrolment)
    cleaned = _clean_figures(figures)
    try:
        with transaction.atomic():
            # select_for_update: the enterprise and its expert may save at the same time; the second is told.
            row = OutcomeFigures.objects.select_for_update().filter(enrolment=enrolment).first()
            if row is None:
                if expected_version:
                    raise _stale_error()
                row = OutcomeFigures(enrolment=enrolment, updated_by=acting_user, **cleaned)
            else:
                if row.version != expected_version:
                    raise _stale_error()
                for name, value in cleaned.items():
                    setattr(row, name, value)
                row.version += 1
                row.updated_by = acting_user
            _save_with_history(row, acting_user=acting_user)
            ensure_still_visible(row, acting_user)
    except IntegrityError:  # two first saves raced; the other one won
        raise _stale_error() from None
    return row


# --- 《企业实施情况及成效总结》 -------------------------------------------------------------------------------------------


def summary_upload(*, enrolment: Enrolment, upload, name: str, acting_user) -> ImplementationSummary:
    """The enterprise's summary; a new upload replaces the current one (the history keeps who and when, and the
    replaced file stays on disk because the history names it). ``upload`` is already checked by validate_upload."""
    _require(acting_user, "enterprises.upload_summary", enrolment)
    try:
        with transaction.atomic():
            # select_for_update: two uploads at once end as one current summary, each replacement in the history.
            row = ImplementationSummary.objects.select_for_update().filter(enrolment=enrolment).first()
            if row is None:
                row = ImplementationSummary(enrolment=enrolment)
            else:
                row.version += 1
            row.file = upload
            row.original_name = name
            row.uploaded_by = acting_user
            _save_with_history(row, acting_user=acting_user)
            ensure_still_visible(row, acting_user)
    except IntegrityError:  # a double submission created it first; it is replaced by the next upload
        raise ValidationError(
            _(
                "Your summary was uploaded twice at the same moment; the first upload was kept. Upload again to replace it."
            )
        ) from None
    return row


# --- Practice cases (附件二(四), 五(一), R10, R11, R13) ---------------------------------------------------------------


def _clean_case_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the case a title.")
    if not body:
        errors["body"] = _("Write the text of the case.")
    if errors:
        raise ValidationError(errors)
    _check_no_free_certification(title=title, body=body)
    return title, body


def _add_attachment(case: Case, upload, name: str, acting_user) -> CaseAttachment:
    if case.attachments.count() >= MAX_ATTACHMENTS_PER_CASE:
        raise ValidationError(
            {"attachment": _("A case can have at most %(max)s attachments.") % {"max": MAX_ATTACHMENTS_PER_CASE}}
        )
    return CaseAttachment.objects.create(case=case, file=upload, original_name=name, uploaded_by=acting_user)


def case_create(
    *, enrolment: Enrolment, title: str, body: str, attachment=None, attachment_name: str = "", acting_user
) -> Case:
    """A draft case. R10 (附件二(四) 编制1-2个): at most two per enrolment; R11: no “免费认证”."""
    _require(acting_user, "enterprises.add_case", enrolment)
    title, body = _clean_case_text(title, body)
    with transaction.atomic():
        # select_for_update on the enrolment: two case submissions at once are counted one after the other, so a
        # double click can neither create a third case nor the same case twice.
        Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        existing = list(Case.objects.filter(enrolment=enrolment).values_list("title", flat=True))
        if title in existing:
            raise ValidationError(
                {"title": _("You already have a case with this title; open it from your case list instead.")},
                code="duplicate",
            )
        if len(existing) >= MAX_CASES_PER_ENROLMENT:
            raise ValidationError(
                _(
                    "An enterprise writes at most %(max)s practice cases per campaign (notice 附件二(四)); you already "
                    "have %(count)s. Edit or improve an existing case instead."
                )
                % {"max": MAX_CASES_PER_ENROLMENT, "count": len(existing)},
                code="too_many_cases",
            )
        case = Case(enrolment=enrolment, title=title, body=body, created_by=acting_user)
        _save_with_history(case, acting_user=acting_user)
        if attachment:
            _add_attachment(case, attachment, attachment_name, acting_user)
        ensure_still_visible(case, acting_user)
    return case


def _lock_case(case: Case, expected_version: int | None = None) -> Case:
    # select_for_update: a case's state is moved by several people (enterprise, district, reviewers, regulator);
    # each move starts from the state it saw, and a concurrent edit is refused instead of overwritten.
    row = Case.objects.select_for_update().select_related("enrolment__enterprise").get(pk=case.pk)
    if expected_version is not None and row.version != expected_version:
        raise _stale_error()
    return row


def _require_state(case: Case, *states: str) -> None:
    if case.state not in states:
        raise ValidationError(
            _("This case is “%(state)s”; that cannot be done now.") % {"state": case.get_state_display()},
            code="invalid_state",
        )


def case_update(
    *,
    case: Case,
    title: str,
    body: str,
    attachment=None,
    attachment_name: str = "",
    expected_version: int,
    acting_user,
) -> Case:
    _require(acting_user, "enterprises.change_case", case)
    title, body = _clean_case_text(title, body)
    with transaction.atomic():
        row = _lock_case(case, expected_version)
        _require_state(row, CaseState.DRAFT)
        if Case.objects.filter(enrolment_id=row.enrolment_id, title=title).exclude(pk=row.pk).exists():
            raise ValidationError({"title": _("You already have another case with this title.")})
        row.title, row.body = title, body
        row.version += 1
        _save_with_history(row, acting_user=acting_user)
        if attachment:
            _add_attachment(row, attachment, attachment_name, acting_user)
        ensure_still_visible(row, acting_user)
    return row


def case_attachment_add(*, case: Case, upload, name: str, acting_user) -> CaseAttachment:
    _require(acting_user, "enterprises.change_case", case)
    with transaction.atomic():
        row = _lock_case(case)
        _require_state(row, CaseState.DRAFT)
        attachment = _add_attachment(row, upload, name, acting_user)
        ensure_still_visible(attachment, acting_user)
    return attachment


def case_delete(*, case: Case, acting_user) -> None:
    """A draft may be thrown away (it was never seen by anyone else)."""
    _require(acting_user, "enterprises.change_case", case)
    with transaction.atomic():
        row = _lock_case(case)
        _require_state(row, CaseState.DRAFT)
        row._history_user = acting_user
        row.attachments.all().delete()
        row.delete()


def case_submit(*, case: Case, acting_user) -> Case:
    """draft → submitted: the district now sees it. R11 is checked again on what is submitted."""
    _require(acting_user, "enterprises.submit_case", case)
    with transaction.atomic():
        row = _lock_case(case)
        _require_state(row, CaseState.DRAFT)
        _check_no_free_certification(title=row.title, body=row.body)
        row.state = CaseState.SUBMITTED
        row.submitted_at = timezone.now()
        row.version += 1
        _save_with_history(row, acting_user=acting_user, reason="submitted")
        ensure_still_visible(row, acting_user)
    return row


def case_recommend(*, case: Case, acting_user) -> Case:
    """submitted → recommended by the enterprise's district (五(一) 每区至少推荐1家, R10)."""
    _require(acting_user, "enterprises.recommend_case", case)
    with transaction.atomic():
        row = _lock_case(case)
        _require_state(row, CaseState.SUBMITTED)
        row.state = CaseState.RECOMMENDED
        row.recommended_by = acting_user
        row.recommended_at = timezone.now()
        row.version += 1
        _save_with_history(row, acting_user=acting_user, reason="recommended")
        ensure_still_visible(row, acting_user)
    return row


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


def _r13_error(body: CertificationBody, enterprise: Enterprise, *, field: str | None = None) -> ValidationError:
    message = _(
        "This reviewer works for %(body)s, which assisted %(enterprise)s; to keep the selection impartial they "
        "cannot review or score its case."
    ) % {"body": body.name, "enterprise": enterprise.name}
    return ValidationError({field: message} if field else message, code="r13_conflict")


def case_review_assign(*, case: Case, reviewer: User, acting_user) -> CaseReview:
    """The regulator asks a reviewer of its tenant to score a recommended case (R13 checked here)."""
    _require(acting_user, "enterprises.assign_case_reviewer", case)
    is_reviewer = (
        User.objects.visible_to(acting_user)
        .filter(pk=reviewer.pk, is_active=True, membership__role=Role.REVIEWER)
        .exists()
    )
    if not is_reviewer:
        raise ValidationError({"reviewer": _("Choose a case reviewer of your city.")})
    try:
        with transaction.atomic():
            row = _lock_case(case)
            _require_state(row, CaseState.RECOMMENDED)
            conflict = reviewer_conflict(reviewer=reviewer, enterprise=row.enrolment.enterprise)
            if conflict is not None:
                raise _r13_error(conflict, row.enrolment.enterprise, field="reviewer")
            if CaseReview.objects.filter(case=row, reviewer=reviewer).exists():
                raise ValidationError(
                    {"reviewer": _("%(name)s already reviews this case.") % {"name": reviewer}}, code="duplicate"
                )
            review = CaseReview(case=row, reviewer=reviewer, assigned_by=acting_user)
            _save_with_history(review, acting_user=acting_user)
            ensure_still_visible(review, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check
        raise ValidationError(
            {"reviewer": _("%(name)s already reviews this case.") % {"name": reviewer}}, code="duplicate"
        ) from None
    return review


def case_score(*, review: CaseReview, score: int, comment: str, acting_user) -> CaseReview:
    """A reviewer scores a case 0–100. R13 is checked again (an assignment may have come after the review was
    assigned). Once every assigned reviewer has scored, the case is "scored"."""
    if review.reviewer_id != acting_user.pk:
        raise PermissionDenied
    _require(acting_user, "enterprises.score_case", review.case)
    if score is None or not (0 <= score <= 100):
        raise ValidationError({"score": _("Give a score from 0 to 100.")})
    with transaction.atomic():
        case = _lock_case(review.case)
        _require_state(case, CaseState.RECOMMENDED, CaseState.SCORED)
        conflict = reviewer_conflict(reviewer=acting_user, enterprise=case.enrolment.enterprise)
        if conflict is not None:
            raise _r13_error(conflict, case.enrolment.enterprise)
        row = CaseReview.objects.select_for_update().get(pk=review.pk)
        row.score = score
        row.comment = (comment or "").strip()
        row.scored_at = timezone.now()
        _save_with_history(row, acting_user=acting_user)
        if not case.reviews.filter(score__isnull=True).exists() and case.state != CaseState.SCORED:
            case.state = CaseState.SCORED
            case.version += 1
            _save_with_history(case, acting_user=acting_user, reason="all reviewers scored")
        ensure_still_visible(row, acting_user)
    return row


def case_decide(*, case: Case, selected: bool, acting_user) -> Case:
    """scored → selected / not selected by the regulator (五(一) 组织专家评选优秀案例)."""
    _require(acting_user, "enterprises.decide_case", case)
    with transaction.atomic():
        row = _lock_case(case)
        _require_state(row, CaseState.SCORED)
        row.state = CaseState.SELECTED if selected else CaseState.NOT_SELECTED
        row.decided_by = acting_user
        row.decided_at = timezone.now()
        row.version += 1
        _save_with_history(row, acting_user=acting_user, reason=row.state)
        ensure_still_visible(row, acting_user)
    return row


# --- Complaints about a certification body (五(二)2) -------------------------------------------------------------


def complaint_file(
    *, enterprise: Enterprise, body: CertificationBody, subject: str, text: str, acting_user
) -> Complaint:
    """The enterprise complains to the regulator; the body does not see it until the regulator forwards it."""
    _require(acting_user, "enterprises.file_complaint", enterprise)
    scope = scope_of(acting_user)
    if scope is None or enterprise.pk != scope.enterprise_id:
        raise PermissionDenied
    if not CertificationBody.objects.visible_to(acting_user).filter(pk=body.pk).exists():
        raise ValidationError({"body": _("Choose a certification body of your city.")})
    subject, text = (subject or "").strip(), (text or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Say in a few words what the complaint is about.")
    if len(text) < 10:
        errors["text"] = _("Describe what happened (at least 10 characters).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # select_for_update on the enterprise: a double-submitted complaint is found by the second request.
        Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        open_same = Complaint.objects.filter(enterprise=enterprise, body=body, subject=subject).exclude(
            state=ComplaintState.CLOSED
        )
        if open_same.exists():
            raise ValidationError(
                {"subject": _("You have already filed this complaint; it is being handled.")}, code="duplicate"
            )
        complaint = Complaint(enterprise=enterprise, body=body, subject=subject, text=text, submitted_by=acting_user)
        _save_with_history(complaint, acting_user=acting_user)
        ensure_still_visible(complaint, acting_user)
    return complaint


def _lock_complaint(complaint: Complaint) -> Complaint:
    # select_for_update: the regulator and the body act on the same complaint; each acts on the state it saw.
    return Complaint.objects.select_for_update().select_related("enterprise", "body").get(pk=complaint.pk)


def _require_complaint_state(complaint: Complaint, *states: str) -> None:
    if complaint.state not in states:
        raise ValidationError(
            _("This complaint is “%(state)s”; that cannot be done now.") % {"state": complaint.get_state_display()},
            code="invalid_state",
        )


def complaint_forward(*, complaint: Complaint, acting_user) -> Complaint:
    _require(acting_user, "enterprises.forward_complaint", complaint)
    with transaction.atomic():
        row = _lock_complaint(complaint)
        _require_complaint_state(row, ComplaintState.SUBMITTED)
        row.state = ComplaintState.FORWARDED
        row.forwarded_at = timezone.now()
        row.handled_by = acting_user
        _save_with_history(row, acting_user=acting_user, reason="forwarded")
        ensure_still_visible(row, acting_user)
    return row


def complaint_respond(*, complaint: Complaint, response: str, expected_response: str, acting_user) -> Complaint:
    """The body's manager answers a forwarded complaint. ``expected_response`` is the answer the manager started
    from, so a colleague's answer saved meanwhile is not overwritten unseen."""
    _require(acting_user, "enterprises.respond_complaint", complaint)
    response = (response or "").strip()
    if len(response) < 2:
        raise ValidationError({"response": _("Write your response.")})
    with transaction.atomic():
        row = _lock_complaint(complaint)
        _require_complaint_state(row, ComplaintState.FORWARDED)
        if row.body_response != (expected_response or ""):
            raise _stale_error()
        row.body_response = response
        _save_with_history(row, acting_user=acting_user, reason="responded")
        ensure_still_visible(row, acting_user)
    return row


def complaint_close(*, complaint: Complaint, note: str, acting_user) -> Complaint:
    _require(acting_user, "enterprises.close_complaint", complaint)
    note = (note or "").strip()
    if len(note) < 2:
        raise ValidationError({"note": _("Write how the complaint was handled; the enterprise reads this note.")})
    with transaction.atomic():
        row = _lock_complaint(complaint)
        _require_complaint_state(row, ComplaintState.SUBMITTED, ComplaintState.FORWARDED)
        row.state = ComplaintState.CLOSED
        row.regulator_note = note
        row.handled_by = acting_user
        _save_with_history(row, acting_user=acting_user, reason="closed")
        ensure_still_visible(row, acting_user)
    return row
