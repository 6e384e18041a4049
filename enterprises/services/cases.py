"""Practice cases (附件二(四), 五(一)): drafting, submitting, the district's recommendation, the panel's scores and
the regulator's selection.

The notice's rules are enterprises.policy: R10 (1–2 cases per enterprise), R11 (no “免费认证”), R13 (a reviewer does
not score a case of an enterprise their own certification body assisted). Every service owns its transaction, takes
``acting_user``, checks the per-object permission, records who/when through django-simple-history and re-checks
visibility inside the transaction. Business errors are ``ValidationError`` keyed by field where a field is at fault.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from enterprises.models import (
    Case,
    CaseAttachment,
    CaseReview,
    CaseSelection,
    CaseState,
    Enrolment,
    Rubric,
    SelectionAct,
)
from enterprises.policy import (
    EnrolmentRecord,
    case_limit_check,
    enrolment_write_check,
    no_free_certification_check,
    reviewer_impartiality_check,
)
from notifications.models import NotificationKind
from notifications.recipients import enterprise_users
from notifications.services.notifications import notify
from portal.scoping import ensure_still_visible
from portal.services import lock_current, require_perm, row_update, save_with_history

MAX_ATTACHMENTS_PER_CASE = 10


def _clean_case_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the case a title.")
    if not body:
        errors["body"] = _("Write the text of the case.")
    if errors:
        raise ValidationError(errors)
    no_free_certification_check(title=title, body=body)
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
    require_perm(acting_user, "enterprises.add_case", enrolment)
    title, body = _clean_case_text(title, body)
    with transaction.atomic():
        # select_for_update on the enrolment: two case submissions at once are counted one after the other, so a
        # double click can neither create a third case nor the same case twice.
        enrolment_write_check(lock_current(Enrolment, enrolment.pk, None), EnrolmentRecord.OUTPUTS)
        existing = list(Case.objects.filter(enrolment=enrolment).values_list("title", flat=True))
        if title in existing:
            raise ValidationError(
                {"title": _("You already have a case with this title; open it from your case list instead.")},
                code="duplicate",
            )
        case_limit_check(existing=len(existing))
        case = Case(enrolment=enrolment, title=title, body=body, created_by=acting_user)
        save_with_history(case, acting_user=acting_user)
        if attachment:
            _add_attachment(case, attachment, attachment_name, acting_user)
        ensure_still_visible(case, acting_user)
    return case


def require_case_state(case: Case, *states: str) -> None:
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
    """Edit a draft's title and text (and add an attachment). R11 is checked; ``expected_version`` is the version the
    user read (ValidationError "stale" otherwise); ValidationError "invalid_state" once submitted; PermissionDenied
    for anyone but the enterprise."""
    require_perm(acting_user, "enterprises.change_case", case)
    title, body = _clean_case_text(title, body)
    with transaction.atomic():
        row = lock_current(Case, case.pk, expected_version)
        require_case_state(row, CaseState.DRAFT)
        enrolment_write_check(row.enrolment, EnrolmentRecord.OUTPUTS)
        if Case.objects.filter(enrolment_id=row.enrolment_id, title=title).exclude(pk=row.pk).exists():
            raise ValidationError({"title": _("You already have another case with this title.")})
        row_update(row, data={"title": title, "body": body}, acting_user=acting_user)
        if attachment:
            _add_attachment(row, attachment, attachment_name, acting_user)
    return row


def case_attachment_add(*, case: Case, upload, name: str, acting_user) -> CaseAttachment:
    """Add an attachment to a draft (at most MAX_ATTACHMENTS_PER_CASE); ``upload`` is already validate_upload-ed."""
    require_perm(acting_user, "enterprises.change_case", case)
    with transaction.atomic():
        row = lock_current(Case, case.pk, None)
        require_case_state(row, CaseState.DRAFT)
        enrolment_write_check(row.enrolment, EnrolmentRecord.OUTPUTS)
        attachment = _add_attachment(row, upload, name, acting_user)
        ensure_still_visible(attachment, acting_user)
    return attachment


def case_delete(*, case: Case, acting_user) -> None:
    """A draft may be thrown away (it was never seen by anyone else)."""
    require_perm(acting_user, "enterprises.change_case", case)
    with transaction.atomic():
        row = lock_current(Case, case.pk, None)
        require_case_state(row, CaseState.DRAFT)
        enrolment_write_check(row.enrolment, EnrolmentRecord.OUTPUTS)
        # simple-history records the deletion with this user (save_with_history is for saves).
        row._history_user = acting_user  # type: ignore[attr-defined]
        row.attachments.all().delete()
        row.delete()


def case_submit(*, case: Case, acting_user) -> Case:
    """draft → submitted: the district now sees it. R11 is checked again on what is submitted."""
    require_perm(acting_user, "enterprises.submit_case", case)
    with transaction.atomic():
        row = lock_current(Case, case.pk, None)
        require_case_state(row, CaseState.DRAFT)
        enrolment_write_check(row.enrolment, EnrolmentRecord.OUTPUTS)
        no_free_certification_check(title=row.title, body=row.body)
        return row_update(
            row,
            data={"state": CaseState.SUBMITTED, "submitted_at": timezone.now()},
            acting_user=acting_user,
            reason="submitted",
        )


def case_recommend(*, case: Case, acting_user) -> Case:
    """submitted → recommended by the enterprise's district (五(一) 每区至少推荐1家, R10)."""
    require_perm(acting_user, "enterprises.recommend_case", case)
    with transaction.atomic():
        row = lock_current(Case, case.pk, None)
        require_case_state(row, CaseState.SUBMITTED)
        return row_update(
            row,
            data={"state": CaseState.RECOMMENDED, "recommended_by": acting_user, "recommended_at": timezone.now()},
            acting_user=acting_user,
            reason="recommended",
        )


def case_return(*, case: Case, comment: str, acting_user) -> Case:
    """submitted → draft: the enterprise's district returns the case for revision with a comment the enterprise
    sees on its draft (五(一): the district recommends what it stands behind)."""
    require_perm(acting_user, "enterprises.return_case", case)
    comment = (comment or "").strip()
    if len(comment) < 2:
        raise ValidationError({"comment": _("Say what the enterprise should revise; it is shown on its draft.")})
    with transaction.atomic():
        row = lock_current(Case, case.pk, None)
        require_case_state(row, CaseState.SUBMITTED)
        row.state, row.submitted_at = CaseState.DRAFT, None
        row.revision_comment, row.returned_at = comment, timezone.now()
        row.version += 1
        # Not row_update: a draft is the enterprise's alone, so the returned case leaves the district's view by
        # design (it comes back when resubmitted); the visibility re-check would refuse exactly that.
        save_with_history(row, acting_user=acting_user, reason="returned for revision")
        # The enterprise learns it on its notification list (and by e-mail after commit), once per return.
        notify(
            recipients=enterprise_users(row.enrolment.enterprise),
            kind=NotificationKind.CASE_RETURNED,
            title=_("Your case “%(title)s” was returned for revision") % {"title": row.title},
            body=comment,
            url=reverse("enterprises:case-detail", args=[row.pk]),
            key=f"case-returned:{row.pk}:{row.version}",
            campaign=row.enrolment.campaign,
            actor=acting_user,
        )
        return row


def case_review_assign(*, case: Case, reviewer: User, acting_user) -> CaseReview:
    """The regulator asks a reviewer of its tenant to score a recommended case (R13 checked here)."""
    require_perm(acting_user, "enterprises.assign_case_reviewer", case)
    is_reviewer = (
        User.objects.visible_to(acting_user)
        .filter(pk=reviewer.pk, is_active=True, membership__role=Role.REVIEWER)
        .exists()
    )
    if not is_reviewer:
        raise ValidationError({"reviewer": _("Choose a case reviewer of your city.")})
    try:
        with transaction.atomic():
            row = lock_current(Case, case.pk, None)
            require_case_state(row, CaseState.RECOMMENDED)
            reviewer_impartiality_check(reviewer=reviewer, enterprise=row.enrolment.enterprise, field="reviewer")
            if CaseReview.objects.filter(case=row, reviewer=reviewer).exists():
                raise ValidationError(
                    {"reviewer": _("%(name)s already reviews this case.") % {"name": reviewer}}, code="duplicate"
                )
            review = CaseReview(case=row, reviewer=reviewer, assigned_by=acting_user)
            save_with_history(review, acting_user=acting_user)
            ensure_still_visible(review, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check
        raise ValidationError(
            {"reviewer": _("%(name)s already reviews this case.") % {"name": reviewer}}, code="duplicate"
        ) from None
    return review


def mark_scored_when_complete(case: Case, *, acting_user) -> None:
    """Once every assigned reviewer has scored, the (locked) case is "scored" and the regulator may decide."""
    if not case.reviews.filter(score__isnull=True).exists() and case.state != CaseState.SCORED:
        row_update(case, data={"state": CaseState.SCORED}, acting_user=acting_user, reason="all reviewers scored")


def already_scored_error() -> ValidationError:
    return ValidationError(
        _("You have already scored this case; a case cannot be scored twice."), code="already_scored"
    )


def case_score(*, review: CaseReview, score: int, comment: str, acting_user) -> CaseReview:
    """A reviewer scores a case 0–100, once, in a campaign without a rubric (with one, the score is given criterion by
    criterion: enterprises.services.rubrics.review_score_on_rubric). R13 is checked again (an assignment may have
    come after the review was assigned). Once every assigned reviewer has scored, the case is "scored"."""
    if review.reviewer_id != acting_user.pk:
        raise PermissionDenied
    require_perm(acting_user, "enterprises.score_case", review.case)
    if Rubric.objects.filter(campaign_id=review.case.enrolment.campaign_id).exists():
        raise ValidationError(
            _("This campaign's cases are scored on its rubric, criterion by criterion."), code="rubric"
        )
    if score is None or not (0 <= score <= 100):
        raise ValidationError({"score": _("Give a score from 0 to 100.")})
    with transaction.atomic():
        case = lock_current(Case, review.case_id, None)
        require_case_state(case, CaseState.RECOMMENDED, CaseState.SCORED)
        reviewer_impartiality_check(reviewer=acting_user, enterprise=case.enrolment.enterprise)
        # select_for_update on the review: a double submit scores once, the second is told it has scored already.
        row = CaseReview.objects.select_for_update().get(pk=review.pk)
        if row.score is not None:
            raise already_scored_error()
        row.score = score
        row.comment = (comment or "").strip()
        row.scored_at = timezone.now()
        save_with_history(row, acting_user=acting_user)
        mark_scored_when_complete(case, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
    return row


def case_decide(*, case: Case, selected: bool, confirmed: bool, acting_user) -> Case:
    """scored → selected / not selected by the regulator (五(一) 组织专家评选优秀案例), once it has confirmed after
    seeing the scores; the decision is kept as a CaseSelection row beside the case's history."""
    require_perm(acting_user, "enterprises.decide_case", case)
    if not confirmed:
        raise ValidationError(
            {"confirm": _("Confirm the decision: tick the box after checking the reviewers' scores.")},
            code="unconfirmed",
        )
    with transaction.atomic():
        row = lock_current(Case, case.pk, None)
        require_case_state(row, CaseState.SCORED)
        state = CaseState.SELECTED if selected else CaseState.NOT_SELECTED
        CaseSelection.objects.create(
            case=row, act=SelectionAct.SELECTED if selected else SelectionAct.NOT_SELECTED, acted_by=acting_user
        )
        return row_update(
            row,
            data={"state": state, "decided_by": acting_user, "decided_at": timezone.now()},
            acting_user=acting_user,
            reason=state,
        )
