"""The other steps of 附件二 an enrolment passes (not numbered rules; registered with the lifecycle).

Part of ``assistance.policy``; see its docstring and docs/RULES.md."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assistance.models import (
    Diagnosis,
    DocumentLevel,
    Plan,
    SystemDocument,
)
from enterprises.models import Enrolment, EnrolmentState
from enterprises.services.enrolments import precondition

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
