"""The enterprise's plan (附件二(三): 一企一策), derived from its diagnosis."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assistance.models import Diagnosis, Plan
from assistance.permissions import RECORD_WORK
from assistance.services.checks import clean, lock_enrolment
from enterprises.models import Enrolment
from enterprises.policy import EnrolmentRecord, enrolment_write_check
from portal.scoping import ensure_still_visible
from portal.services import model_update, require_perm, save_with_history


def _plan_fields(*, key_issues: str, approach: str, milestones: str) -> dict:
    errors = {}
    if not clean(key_issues):
        errors["key_issues"] = _("Name the key issues the plan is to solve.")
    if not clean(approach):
        errors["approach"] = _("Say how the system will be built.")
    if errors:
        raise ValidationError(errors)
    return {"key_issues": clean(key_issues), "approach": clean(approach), "milestones": clean(milestones)}


def plan_record(*, enrolment: Enrolment, key_issues: str, approach: str, milestones: str = "", acting_user) -> Plan:
    """附件二(三) 一企一策: derived from the diagnosis, so it needs one; one plan per enrolment.

    Raises PermissionDenied without the right to record work on the enrolment; ValidationError without a
    diagnosis, on ``key_issues``/``approach`` (empty), and code "duplicate" for a second plan."""
    require_perm(acting_user, RECORD_WORK, enrolment)
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
    """Change the plan; errors as ``plan_record``, plus code "stale" when it changed since ``expected_version``
    was read."""
    require_perm(acting_user, RECORD_WORK, plan.enrolment)
    enrolment_write_check(plan.enrolment, EnrolmentRecord.WORK)
    fields = _plan_fields(key_issues=key_issues, approach=approach, milestones=milestones)
    return model_update(plan, data=fields, expected_version=expected_version, acting_user=acting_user)
