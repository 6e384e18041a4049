"""The on-site diagnosis (附件二(二) 现场调研/诊断) and its problem list (诊断小微企业急需解决的问题)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assistance.models import Diagnosis, InternalAudit, Problem, ProblemStatus, Urgency
from assistance.permissions import RECORD_WORK
from assistance.policy import Link, chain_errors
from assistance.services.checks import check_work_date, clean, lock_enrolment
from enterprises.models import Enrolment
from enterprises.policy import EnrolmentRecord, enrolment_write_check
from portal.scoping import ensure_still_visible
from portal.services import lock_current, model_update, require_perm, row_update, save_with_history


def _diagnosis_fields(
    enrolment: Enrolment,
    *,
    diagnosed_on: date,
    overall_state: str,
    starting_point: str,
    **other,
) -> dict:
    check_work_date(enrolment.campaign, diagnosed_on, "diagnosed_on", what=_("diagnosis date"))
    # R7: after the assignment, before the build and the operation start.
    errors = chain_errors(enrolment, link=Link.DIAGNOSIS, span=(diagnosed_on, diagnosed_on), field="diagnosed_on")
    if not clean(overall_state):
        errors["overall_state"] = _("Describe the enterprise's overall state and level of quality management.")
    if not clean(starting_point):
        errors["starting_point"] = _("Say where the system building should start.")
    if errors:
        raise ValidationError(errors)
    return {
        "diagnosed_on": diagnosed_on,
        "overall_state": clean(overall_state),
        "starting_point": clean(starting_point),
        **{k: (clean(v) if isinstance(v, str) else bool(v)) for k, v in other.items()},
    }


def diagnosis_record(
    *,
    enrolment: Enrolment,
    diagnosed_on: date,
    legal_qualifications_ok: bool,
    dishonesty_list_checked: bool,
    no_quality_penalty: bool,
    overall_state: str,
    starting_point: str,
    resource_limits: str = "",
    policy_changes: str = "",
    acting_user,
) -> Diagnosis:
    """附件二(二) 现场调研/诊断: one diagnosis per enrolment (a second one is refused; edit the first).

    Raises PermissionDenied without the right to record work on the enrolment (the assisting expert or their
    body's manager); ValidationError on ``diagnosed_on`` (before the assistance phase, or in the future),
    ``overall_state``/``starting_point`` (empty), and code "duplicate" for a second diagnosis."""
    require_perm(acting_user, RECORD_WORK, enrolment)
    fields = _diagnosis_fields(
        enrolment,
        diagnosed_on=diagnosed_on,
        legal_qualifications_ok=legal_qualifications_ok,
        dishonesty_list_checked=dishonesty_list_checked,
        no_quality_penalty=no_quality_penalty,
        overall_state=overall_state,
        starting_point=starting_point,
        resource_limits=resource_limits,
        policy_changes=policy_changes,
    )
    with transaction.atomic():
        lock_enrolment(enrolment)
        if Diagnosis.objects.filter(enrolment=enrolment).exists():
            raise ValidationError(
                _("The diagnosis of this enterprise has already been recorded; edit it instead."), code="duplicate"
            )
        diagnosis = Diagnosis(enrolment=enrolment, diagnosed_by=acting_user, **fields)
        save_with_history(diagnosis, acting_user=acting_user)
        ensure_still_visible(diagnosis, acting_user)
    return diagnosis


def diagnosis_update(
    *,
    diagnosis: Diagnosis,
    diagnosed_on: date,
    legal_qualifications_ok: bool,
    dishonesty_list_checked: bool,
    no_quality_penalty: bool,
    overall_state: str,
    starting_point: str,
    resource_limits: str = "",
    policy_changes: str = "",
    expected_version: int | None,
    acting_user,
) -> Diagnosis:
    """Change the diagnosis; errors as ``diagnosis_record``, plus code "stale" when it changed since
    ``expected_version`` was read."""
    require_perm(acting_user, RECORD_WORK, diagnosis.enrolment)
    enrolment_write_check(diagnosis.enrolment, EnrolmentRecord.WORK)
    fields = _diagnosis_fields(
        diagnosis.enrolment,
        diagnosed_on=diagnosed_on,
        legal_qualifications_ok=legal_qualifications_ok,
        dishonesty_list_checked=dishonesty_list_checked,
        no_quality_penalty=no_quality_penalty,
        overall_state=overall_state,
        starting_point=starting_point,
        resource_limits=resource_limits,
        policy_changes=policy_changes,
    )
    return model_update(diagnosis, data=fields, expected_version=expected_version, acting_user=acting_user)


# --- the problem list -------------------------------------------------------------------------------------------------

# 附件二(二): open → in progress → solved → verified (验证 by the internal audit, 附件二(三)2(1)); a solved problem
# the audit finds not solved goes back to in progress.
PROBLEM_MOVES = {
    ProblemStatus.OPEN: {ProblemStatus.IN_PROGRESS, ProblemStatus.SOLVED},
    ProblemStatus.IN_PROGRESS: {ProblemStatus.SOLVED, ProblemStatus.OPEN},
    ProblemStatus.SOLVED: {ProblemStatus.VERIFIED, ProblemStatus.IN_PROGRESS},
    ProblemStatus.VERIFIED: set(),
}


def problem_moves(problem: Problem) -> list[str]:
    """The statuses a problem may move to from where it is (in the order of PROBLEM_MOVES' lifecycle)."""
    allowed = PROBLEM_MOVES.get(problem.status, set())
    return [status for status in ProblemStatus.values if status in allowed]


def _problem_fields(*, category: str, description: str, urgency: str, due_on: date | None, **other) -> dict:
    errors = {}
    if not clean(category):
        errors["category"] = _("Give the problem a category (e.g. purchasing, inspection, production).")
    if not clean(description):
        errors["description"] = _("Describe the problem.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose how urgent the problem is.")
    if errors:
        raise ValidationError(errors)
    return {
        "category": clean(category),
        "description": clean(description),
        "urgency": urgency,
        "due_on": due_on,
        **{k: clean(v) for k, v in other.items()},
    }


def problem_add(
    *,
    diagnosis: Diagnosis,
    category: str,
    description: str,
    urgency: str,
    enterprise_ideas: str = "",
    measures: str = "",
    owner: str = "",
    due_on: date | None = None,
    acting_user,
) -> Problem:
    """诊断小微企业急需解决的问题: one problem of the diagnosis's list, open.

    Raises PermissionDenied without the right to record work on the enrolment; ValidationError on ``category``,
    ``description`` (empty, or already on the list) or ``urgency``."""
    require_perm(acting_user, RECORD_WORK, diagnosis.enrolment)
    fields = _problem_fields(
        category=category,
        description=description,
        urgency=urgency,
        due_on=due_on,
        enterprise_ideas=enterprise_ideas,
        measures=measures,
        owner=owner,
    )
    with transaction.atomic():
        lock_enrolment(diagnosis.enrolment)
        if Problem.objects.filter(diagnosis=diagnosis, description=fields["description"]).exists():
            raise ValidationError({"description": _("This problem is already on the list.")}, code="duplicate")
        problem = Problem(diagnosis=diagnosis, **fields)
        save_with_history(problem, acting_user=acting_user)
        ensure_still_visible(problem, acting_user)
    return problem


def problem_update(
    *,
    problem: Problem,
    category: str,
    description: str,
    urgency: str,
    enterprise_ideas: str = "",
    measures: str = "",
    owner: str = "",
    due_on: date | None = None,
    expected_version: int | None,
    acting_user,
) -> Problem:
    """Change a problem of the list; errors as ``problem_add``, plus code "stale" when it changed since
    ``expected_version`` was read."""
    require_perm(acting_user, RECORD_WORK, problem.diagnosis.enrolment)
    enrolment_write_check(problem.diagnosis.enrolment, EnrolmentRecord.WORK)
    fields = _problem_fields(
        category=category,
        description=description,
        urgency=urgency,
        due_on=due_on,
        enterprise_ideas=enterprise_ideas,
        measures=measures,
        owner=owner,
    )
    return model_update(problem, data=fields, expected_version=expected_version, acting_user=acting_user)


MIN_SOLUTION_NOTE = 4  # characters: enough to say what was done ("更换量具")


def problem_move(*, problem: Problem, to: str, expected_version: int | None, acting_user, note: str = "") -> Problem:
    """Move a problem along open → in progress → solved → verified. Solved needs ``note``, how it was solved (kept
    on the problem, so the internal audit knows what to verify); verified needs the enrolment's internal audit:
    附件二(三)2(1) 内审应重点关注解决前期调研发现的主要问题的有效性 — the audit is what verifies a solution.

    Raises PermissionDenied without the right to record work on the enrolment; ValidationError on ``to`` (an unknown
    status, a move the lifecycle does not allow, or verified without an internal audit) or on ``note`` (solved
    without saying how), code "stale" when the problem changed since ``expected_version`` was read."""

    enrolment = problem.diagnosis.enrolment
    require_perm(acting_user, RECORD_WORK, enrolment)
    enrolment_write_check(enrolment, EnrolmentRecord.WORK)
    if to not in ProblemStatus.values:
        raise ValidationError({"to": _("Unknown status.")})
    with transaction.atomic():
        row = lock_current(Problem, problem.pk, expected_version)
        if to not in PROBLEM_MOVES.get(row.status, set()):
            raise ValidationError(
                {
                    "to": _("A problem that is “%(current)s” cannot become “%(target)s”.")
                    % {"current": row.get_status_display(), "target": ProblemStatus(to).label}
                }
            )
        if to == ProblemStatus.VERIFIED and not InternalAudit.objects.filter(enrolment_id=enrolment.pk).exists():
            raise ValidationError(
                {"to": _("A problem is verified by the internal audit; record the enterprise's internal audit first.")}
            )
        data: dict[str, str] = {"status": to}
        if to == ProblemStatus.SOLVED:
            note = clean(note)
            if len(note) < MIN_SOLUTION_NOTE:
                raise ValidationError({"note": _("Say how the problem was solved; it is kept with the problem.")})
            data["solution_note"] = note
        return row_update(row, data=data, acting_user=acting_user)
