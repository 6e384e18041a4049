"""Who may do what with an enterprise, its enrolment and its outputs: the ``rules`` predicates and the permissions
registered with ``rules.add_perm`` (DESIGN.md §4). The notice's domain rules are in enterprises.policy."""

import rules

from accounts.models import Role
from accounts.permissions import in_own_tenant, is_regulator
from accounts.scope import scope_of
from enterprises.models import EnrolmentState


def _enterprise_of(obj):
    return getattr(obj, "enterprise", obj)


@rules.predicate
def is_regulator_of(user, obj):
    """The regulator of the tenant the enterprise (or the enrolment's enterprise) belongs to."""
    scope = scope_of(user)
    return scope is not None and scope.role == Role.REGULATOR and _enterprise_of(obj).tenant_id == scope.tenant_id


@rules.predicate
def is_district_of(user, obj):
    """Staff of the district the enterprise is in (a city bureau only reads)."""
    scope = scope_of(user)
    return (
        scope is not None
        and scope.role == Role.MEMBER_UNIT
        and scope.member_unit_is_district
        and _enterprise_of(obj).district_id == scope.member_unit_id
    )


@rules.predicate
def is_assisting(user, enrolment):
    """The expert actively assigned to the enrolment, or a manager of that expert's body."""
    scope = scope_of(user)
    if scope is None or scope.role not in (Role.EXPERT, Role.CB_MANAGER):
        return False
    active = enrolment.assignments.filter(ended_at__isnull=True)
    if scope.role == Role.EXPERT:
        return active.filter(expert_id=scope.expert_id).exists()
    return active.filter(expert__body_id=scope.certification_body_id).exists()


@rules.predicate
def is_cb_manager(user, enrolment):
    scope = scope_of(user)
    return scope is not None and scope.role == Role.CB_MANAGER


@rules.predicate
def is_the_enterprise(user, obj):
    scope = scope_of(user)
    return scope is not None and scope.role == Role.ENTERPRISE and _enterprise_of(obj).pk == scope.enterprise_id


coordinates = is_regulator_of | is_district_of

# Records: districts keep their own enterprises; the regulator all of its tenant's; the enterprise its own profile.
rules.add_perm("enterprises.add_enterprise", is_regulator | is_district_of)
rules.add_perm("enterprises.nominate_enterprise", coordinates)
rules.add_perm("enterprises.record_screening", coordinates)

# 附件二: the lifecycle. Screening decisions and closing are the coordinators'; the assistance steps are the
# assisting expert's (or the body's manager's); the assignment itself is made by the body's manager.
for state in (EnrolmentState.SCREENED, EnrolmentState.REJECTED, EnrolmentState.CLOSED, EnrolmentState.WITHDRAWN):
    rules.add_perm(f"enterprises.advance_enrolment_to_{state}", coordinates)
rules.add_perm(f"enterprises.advance_enrolment_to_{EnrolmentState.ASSIGNED}", is_cb_manager & is_assisting)
for state in (
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
):
    rules.add_perm(f"enterprises.advance_enrolment_to_{state}", is_assisting)


# === outputs slice: the enterprise's own pages and its outputs (附件二(四); 五(一)(二)) ==============================
# Objects here are an enrolment, a case (→ its enrolment) or a complaint (→ its enterprise).


def _output_enterprise(obj):
    if hasattr(obj, "enrolment"):
        obj = obj.enrolment
    return getattr(obj, "enterprise", obj)


@rules.predicate
def is_own_enterprise_output(user, obj):
    scope = scope_of(user)
    return scope is not None and scope.role == Role.ENTERPRISE and _output_enterprise(obj).pk == scope.enterprise_id


@rules.predicate
def is_assigned_expert_of(user, enrolment):
    """The expert actively assigned to the enrolment (not the body's manager): the figures are the expert's work."""
    scope = scope_of(user)
    if scope is None or scope.role != Role.EXPERT:
        return False
    return enrolment.assignments.filter(ended_at__isnull=True, expert_id=scope.expert_id).exists()


@rules.predicate
def is_district_of_output(user, obj):
    scope = scope_of(user)
    return (
        scope is not None
        and scope.role == Role.MEMBER_UNIT
        and scope.member_unit_is_district
        and _output_enterprise(obj).district_id == scope.member_unit_id
    )


@rules.predicate
def is_regulator_of_output(user, obj):
    scope = scope_of(user)
    return scope is not None and scope.role == Role.REGULATOR and _output_enterprise(obj).tenant_id == scope.tenant_id


@rules.predicate
def is_reviewer_of_case(user, case):
    scope = scope_of(user)
    return scope is not None and scope.role == Role.REVIEWER and case.reviews.filter(reviewer_id=user.pk).exists()


@rules.predicate
def is_manager_of_complained_body(user, complaint):
    scope = scope_of(user)
    return scope is not None and scope.role == Role.CB_MANAGER and complaint.body_id == scope.certification_body_id


@rules.predicate
def is_enterprise_user(user):
    scope = scope_of(user)
    return scope is not None and scope.role == Role.ENTERPRISE


# R10 outcome figures: the enterprise and its assigned expert; the summary and cases are the enterprise's own.
rules.add_perm("enterprises.change_outcome", is_own_enterprise_output | is_assigned_expert_of)
# Once final (enterprises.policy.enrolment_write_refusal) only the regulator corrects them, with a reason.
rules.add_perm("enterprises.correct_outcome", is_regulator_of_output)
rules.add_perm("enterprises.upload_summary", is_own_enterprise_output)
rules.add_perm("enterprises.add_case", is_own_enterprise_output)
rules.add_perm("enterprises.change_case", is_own_enterprise_output)
rules.add_perm("enterprises.submit_case", is_own_enterprise_output)
# 五(一): each district recommends its cases; the regulator has them scored and selects.
rules.add_perm("enterprises.recommend_case", is_district_of_output)
rules.add_perm("enterprises.return_case", is_district_of_output)
rules.add_perm("enterprises.assign_case_reviewer", is_regulator_of_output)
rules.add_perm("enterprises.score_case", is_reviewer_of_case)
rules.add_perm("enterprises.decide_case", is_regulator_of_output)
# 五(二)2: the enterprise complains to the regulator, which forwards to the body and closes; the body responds.
rules.add_perm("enterprises.file_complaint", is_enterprise_user)
rules.add_perm("enterprises.forward_complaint", is_regulator_of_output)
rules.add_perm("enterprises.close_complaint", is_regulator_of_output)
rules.add_perm("enterprises.respond_complaint", is_manager_of_complained_body)


# === records slice: enterprise records, certificates, nomination, screening, roster import =========================


@rules.predicate
def is_district_staff(user):
    """Staff of a district member unit (a city bureau only reads)."""
    scope = scope_of(user)
    return scope is not None and scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district


# Who keeps enterprise records at all (the create page, the roster import): the regulator and the districts.
rules.add_perm("enterprises.keep_enterprise_records", is_regulator | is_district_staff)
# The whole record (name, code, district, size …) is the coordinators'; the enterprise edits only its contact.
rules.add_perm("enterprises.change_enterprise_record", coordinates)
rules.add_perm("enterprises.change_enterprise_contact", coordinates | is_the_enterprise)
# 附件二 (R12): the ISO 9001 certificates are kept by the coordinators and by the enterprise itself.
rules.add_perm("enterprises.change_certificate", coordinates | is_the_enterprise)


# === case selection on a rubric (五(一) 组织专家评选优秀案例) =============================================================
# Objects: a campaign or its rubric. The regulator sets the rubric, opens and closes scoring, and publishes the list.

rules.add_perm("enterprises.set_rubric", is_regulator & in_own_tenant)
rules.add_perm("enterprises.publish_cases", is_regulator & in_own_tenant)
