"""Who sees which certification bodies, experts, working groups, assignments and assistance records."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope
from assistance.models import WorkingGroup
from enterprises.models import Enrolment
from portal.access.enterprises import enrolment_row_scope


def certification_body_scope(scope: Scope) -> Q | None:
    if scope.role in (Role.REGULATOR, Role.MEMBER_UNIT):
        # Approved bodies are public; districts coordinate with every body working in the city.
        return Q(tenant_id=scope.tenant_id)
    if scope.role in (Role.CB_MANAGER, Role.EXPERT):
        return Q(pk=scope.certification_body_id)
    if scope.role == Role.ENTERPRISE:
        # The body assisting it, and any body of its city it may complain about (五(二)2).
        return Q(tenant_id=scope.tenant_id)
    return None


def expert_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(body__tenant_id=scope.tenant_id)
    if scope.role == Role.CB_MANAGER:
        return Q(body_id=scope.certification_body_id)
    if scope.role == Role.EXPERT:
        return Q(pk=scope.expert_id)
    if scope.role in (Role.MEMBER_UNIT, Role.ENTERPRISE):
        # The experts working on the enrolments they see (a join through assignments: many rows per expert, which
        # ScopedQuerySet's pk__in subquery folds into one).
        return Q(assignments__enrolment__in=Enrolment.objects.for_scope(scope))
    return None


def working_group_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(body__tenant_id=scope.tenant_id)
    if scope.role == Role.CB_MANAGER:
        return Q(body_id=scope.certification_body_id)
    if scope.role == Role.EXPERT:
        return Q(members__user_id=scope.user_id)
    return None


def working_group_member_scope(scope: Scope) -> Q | None:
    return Q(group__in=WorkingGroup.objects.for_scope(scope))


def assignment_scope(scope: Scope) -> Q | None:
    if scope.role == Role.CB_MANAGER:
        return Q(expert__body_id=scope.certification_body_id)
    if scope.role == Role.EXPERT:
        return Q(expert_id=scope.expert_id)
    return enrolment_row_scope(scope)


def certification_audit_scope(scope: Scope) -> Q | None:
    if scope.role == Role.CB_MANAGER:
        return Q(body_id=scope.certification_body_id)
    if scope.role in (Role.REGULATOR, Role.MEMBER_UNIT, Role.ENTERPRISE):
        return enrolment_row_scope(scope)
    return None


def visit_file_scope(scope: Scope) -> Q | None:
    return enrolment_row_scope(scope, "visit__enrolment__")


def problem_scope(scope: Scope) -> Q | None:
    return enrolment_row_scope(scope, "diagnosis__enrolment__")


def training_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT:
        if scope.member_unit_is_district:
            return Q(district_id=scope.member_unit_id)
        return Q(campaign__tenant_id=scope.tenant_id)  # a city bureau follows all trainings, read-only
    if scope.role in (Role.CB_MANAGER, Role.EXPERT):
        return Q(organiser_id=scope.organisation_id)
    if scope.role == Role.ENTERPRISE:
        return Q(enterprises__id=scope.enterprise_id)
    return None


RULES = {
    "assistance.CertificationBody": certification_body_scope,
    "assistance.Expert": expert_scope,
    "assistance.WorkingGroup": working_group_scope,
    "assistance.WorkingGroupMember": working_group_member_scope,
    "assistance.Assignment": assignment_scope,
    "assistance.CertificationAudit": certification_audit_scope,
    "assistance.Visit": enrolment_row_scope,
    "assistance.VisitFile": visit_file_scope,
    "assistance.Diagnosis": enrolment_row_scope,
    "assistance.Problem": problem_scope,
    "assistance.Plan": enrolment_row_scope,
    "assistance.SystemDocument": enrolment_row_scope,
    "assistance.Training": training_scope,
    "assistance.InternalAudit": enrolment_row_scope,
    "assistance.ManagementReview": enrolment_row_scope,
}
