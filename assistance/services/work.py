"""Writes of the expert's work on one enrolment (附件二(二)(三)): visits, the diagnosis and its problem list, the
一企一策 plan and the documented system.

Each service owns its transaction, takes ``acting_user``, records who through django-simple-history, locks what
races and re-checks inside the transaction that the written row is still the writer's. Business errors are
ValidationErrors with English msgids (translated in locale/fragments/work.json), keyed by form field where a field
is at fault, so the form shows them there and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assistance.models import (
    Assignment,
    Diagnosis,
    DocumentLevel,
    Plan,
    Problem,
    ProblemStatus,
    SystemDocument,
    Urgency,
    Visit,
    VisitFile,
    VisitKind,
)
from campaign.models import Campaign, PhaseKind
from campaign.services import STALE_MESSAGE_KEY, _stale_error
from enterprises.models import Enrolment
from portal.files import original_name, validate_upload
from portal.scoping import ensure_still_visible

__all__ = ["STALE_MESSAGE_KEY"]

MAX_VISIT_FILES = 10  # per visit: a handful of photos and the sign-in sheet, not an archive

LOG_VISIT = "assistance.log_visit"
RECORD_WORK = "assistance.record_work"


# --- shared helpers (training.py and operation.py use them too) -----------------------------------------------------


def require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def save_with_history(instance, *, acting_user, reason: str = "") -> None:
    instance._history_user = acting_user
    if reason:
        instance._change_reason = reason
    instance.save()


def lock_enrolment(enrolment: Enrolment) -> Enrolment:
    # select_for_update on the enrolment: two submissions of one form for the same enterprise (a double tap on a
    # phone, two tabs) run one after the other, so the second finds the first's row and is refused, not doubled.
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


def lock_current(model, pk: int, expected_version: int | None):
    # select_for_update: two people saving the same row at once must not silently overwrite each other; the second
    # waits here, then sees the bumped version and is told.
    row = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and row.version != expected_version:
        raise _stale_error()
    return row


def assistance_opens_on(campaign: Campaign) -> date | None:
    """The first day of the campaign's assistance phase (帮扶提升阶段); reads prefetched phases when there are."""
    return next((p.starts_on for p in campaign.phases.all() if p.kind == PhaseKind.ASSISTANCE), None)


def check_work_date(campaign: Campaign, day: date, field: str, *, what: str) -> None:
    """四(二): work on an enterprise happens in the assistance phase, and is recorded once it has happened."""
    opens_on = assistance_opens_on(campaign)
    if opens_on is not None and day < opens_on:
        raise ValidationError(
            {
                field: _("The %(what)s cannot be before the assistance phase opens (%(date)s).")
                % {"what": what, "date": date_format(opens_on, "DATE_FORMAT")}
            }
        )
    if day > timezone.localdate():
        raise ValidationError(
            {field: _("The %(what)s cannot be in the future; record it once it has happened.") % {"what": what}}
        )


def check_upload(upload, field: str) -> None:
    """By content, size and zip structure, before anything is written (the forms check it too, at the field)."""
    try:
        validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _clean(text: str | None) -> str:
    return (text or "").strip()


# --- visits ---------------------------------------------------------------------------------------------------------


def visit_log(
    *,
    enrolment: Enrolment,
    kind: str,
    visited_on: date,
    starts_at: time,
    ends_at: time,
    participants: str = "",
    notes: str = "",
    files: Iterable = (),
    acting_user,
) -> Visit:
    """An expert logs a visit to an enterprise assigned to them (附件一: 点对点帮扶), with its photos and files."""
    files = list(files)
    expert = getattr(acting_user, "expert_profile", None)
    assigned = (
        expert is not None
        and Assignment.objects.filter(enrolment=enrolment, expert=expert, ended_at__isnull=True).exists()
    )
    if not assigned:
        # 附件一: 帮扶专家对小微企业实施点对点提升帮扶 — only the expert assigned to the enterprise logs its visits.
        raise ValidationError(
            {"enrolment": _("This enterprise is not assigned to you; only its assigned expert logs its visits.")}
        )
    require(acting_user, LOG_VISIT, enrolment)
    if kind not in VisitKind.values:
        raise ValidationError({"kind": _("Choose what the visit was for.")})
    check_work_date(enrolment.campaign, visited_on, "visited_on", what=_("visit date"))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end time must be after the start time.")})
    if len(files) > MAX_VISIT_FILES:
        raise ValidationError({"files": _("Attach at most %(count)s files to one visit.") % {"count": MAX_VISIT_FILES}})
    for upload in files:
        check_upload(upload, "files")
    with transaction.atomic():
        lock_enrolment(enrolment)
        if Visit.objects.filter(
            enrolment=enrolment, expert=expert, visited_on=visited_on, starts_at=starts_at
        ).exists():
            raise ValidationError(_("This visit has already been logged."), code="duplicate")
        visit = Visit(
            enrolment=enrolment,
            expert=expert,
            kind=kind,
            visited_on=visited_on,
            starts_at=starts_at,
            ends_at=ends_at,
            participants=_clean(participants),
            notes=_clean(notes),
            created_by=acting_user,
        )
        save_with_history(visit, acting_user=acting_user)
        for upload in files:
            VisitFile.objects.create(
                visit=visit, file=upload, original_name=original_name(upload), uploaded_by=acting_user
            )
        ensure_still_visible(visit, acting_user)
    return visit


def visit_file_add(*, visit: Visit, upload, acting_user) -> VisitFile:
    """Another photo or file for a logged visit (by the expert who logged it)."""
    if visit.created_by_id != acting_user.pk:
        raise PermissionDenied
    require(acting_user, LOG_VISIT, visit.enrolment)
    check_upload(upload, "file")
    with transaction.atomic():
        lock_enrolment(visit.enrolment)
        if visit.files.count() >= MAX_VISIT_FILES:
            raise ValidationError(
                {"file": _("Attach at most %(count)s files to one visit.") % {"count": MAX_VISIT_FILES}}
            )
        row = VisitFile.objects.create(
            visit=visit, file=upload, original_name=original_name(upload), uploaded_by=acting_user
        )
        ensure_still_visible(row, acting_user)
    return row


# --- diagnosis (附件二(二)) -------------------------------------------------------------------------------------------


def _diagnosis_fields(
    enrolment: Enrolment,
    *,
    diagnosed_on: date,
    overall_state: str,
    starting_point: str,
    **other,
) -> dict:
    check_work_date(enrolment.campaign, diagnosed_on, "diagnosed_on", what=_("diagnosis date"))
    errors = {}
    if not _clean(overall_state):
        errors["overall_state"] = _("Describe the enterprise's overall state and level of quality management.")
    if not _clean(starting_point):
        errors["starting_point"] = _("Say where the system building should start.")
    if errors:
        raise ValidationError(errors)
    return {
        "diagnosed_on": diagnosed_on,
        "overall_state": _clean(overall_state),
        "starting_point": _clean(starting_point),
        **{k: (_clean(v) if isinstance(v, str) else bool(v)) for k, v in other.items()},
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
    """附件二(二) 现场调研/诊断: one diagnosis per enrolment (a second one is refused; edit the first)."""
    require(acting_user, RECORD_WORK, enrolment)
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
    require(acting_user, RECORD_WORK, diagnosis.enrolment)
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
    with transaction.atomic():
        row = lock_current(Diagnosis, diagnosis.pk, expected_version)
        for name, value in fields.items():
            setattr(row, name, value)
        row.version += 1
        save_with_history(row, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
    return row


# --- the problem list ---------------------------------------------------------------------------------------------

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
    if not _clean(category):
        errors["category"] = _("Give the problem a category (e.g. purchasing, inspection, production).")
    if not _clean(description):
        errors["description"] = _("Describe the problem.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose how urgent the problem is.")
    if errors:
        raise ValidationError(errors)
    return {
        "category": _clean(category),
        "description": _clean(description),
        "urgency": urgency,
        "due_on": due_on,
        **{k: _clean(v) for k, v in other.items()},
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
    """诊断小微企业急需解决的问题: one problem of the diagnosis's list, open."""
    require(acting_user, RECORD_WORK, diagnosis.enrolment)
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
    require(acting_user, RECORD_WORK, problem.diagnosis.enrolment)
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
        row = lock_current(Problem, problem.pk, expected_version)
        for name, value in fields.items():
            setattr(row, name, value)
        row.version += 1
        save_with_history(row, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
    return row


def problem_move(*, problem: Problem, to: str, expected_version: int | None, acting_user) -> Problem:
    """Move a problem along open → in progress → solved → verified. Verified needs the enrolment's internal audit:
    附件二(三)2(1) 内审应重点关注解决前期调研发现的主要问题的有效性 — the audit is what verifies a solution."""
    from assistance.models import InternalAudit

    enrolment = problem.diagnosis.enrolment
    require(acting_user, RECORD_WORK, enrolment)
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
        row.status = to
        row.version += 1
        save_with_history(row, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
    return row


# --- the plan (一企一策) ---------------------------------------------------------------------------------------------


def _plan_fields(*, key_issues: str, approach: str, milestones: str) -> dict:
    errors = {}
    if not _clean(key_issues):
        errors["key_issues"] = _("Name the key issues the plan is to solve.")
    if not _clean(approach):
        errors["approach"] = _("Say how the system will be built.")
    if errors:
        raise ValidationError(errors)
    return {"key_issues": _clean(key_issues), "approach": _clean(approach), "milestones": _clean(milestones)}


def plan_record(*, enrolment: Enrolment, key_issues: str, approach: str, milestones: str = "", acting_user) -> Plan:
    """附件二(三) 一企一策: derived from the diagnosis, so it needs one; one plan per enrolment."""
    require(acting_user, RECORD_WORK, enrolment)
    fields = _plan_fields(key_issues=key_issues, approach=approach, milestones=milestones)
    with transaction.atomic():
        lock_enrolment(enrolment)
        if not Diagnosis.objects.filter(enrolment=enrolment).exists():
            raise ValidationError(_("The plan is derived from the diagnosis; record the diagnosis first."))
        if Plan.objects.filter(enrolment=enrolment).exists():
            raise ValidationError(
                _("The plan of this enterprise has already been written; edit it instead."), code="duplicate"
            )
        plan = Plan(enrolment=enrolment, created_by=acting_user, **fields)
        save_with_history(plan, acting_user=acting_user)
        ensure_still_visible(plan, acting_user)
    return plan


def plan_update(
    *, plan: Plan, key_issues: str, approach: str, milestones: str = "", expected_version: int | None, acting_user
) -> Plan:
    require(acting_user, RECORD_WORK, plan.enrolment)
    fields = _plan_fields(key_issues=key_issues, approach=approach, milestones=milestones)
    with transaction.atomic():
        row = lock_current(Plan, plan.pk, expected_version)
        for name, value in fields.items():
            setattr(row, name, value)
        row.version += 1
        save_with_history(row, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
    return row


# --- the documented system (附件二(三): 管理手册、程序文件、工艺技术规程) ------------------------------------------------


def system_document_add(
    *, enrolment: Enrolment, level: str, title: str, revision: str, upload, acting_user
) -> SystemDocument:
    """A document of the system, or a new revision of one (same level and title, another revision)."""
    require(acting_user, RECORD_WORK, enrolment)
    errors = {}
    if level not in DocumentLevel.values:
        errors["level"] = _("Choose the level of the document.")
    if not _clean(title):
        errors["title"] = _("Give the document its title.")
    if not _clean(revision):
        errors["revision"] = _("Give the revision (e.g. A/0).")
    if not upload:
        errors["file"] = _("Choose the document's file.")
    if errors:
        raise ValidationError(errors)
    check_upload(upload, "file")
    with transaction.atomic():
        lock_enrolment(enrolment)
        if SystemDocument.objects.filter(
            enrolment=enrolment, level=level, title=_clean(title), revision=_clean(revision)
        ).exists():
            raise ValidationError(
                {"revision": _("This revision of the document has already been uploaded; give the new revision.")},
                code="duplicate",
            )
        document = SystemDocument(
            enrolment=enrolment,
            level=level,
            title=_clean(title),
            revision=_clean(revision),
            file=upload,
            original_name=original_name(upload),
            uploaded_by=acting_user,
        )
        save_with_history(document, acting_user=acting_user)
        ensure_still_visible(document, acting_user)
    return document
