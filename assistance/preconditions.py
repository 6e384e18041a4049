"""Enrolment preconditions that depend on the assistance records (registered from AssistanceConfig.ready)."""

from django.utils.translation import gettext as _

from enterprises.models import EnrolmentState
from enterprises.services.enrolments import precondition


@precondition(EnrolmentState.ASSIGNED)
def expert_assigned(enrolment):
    # 附件一: 帮扶专家对小微企业实施点对点提升帮扶.
    if not enrolment.assignments.filter(ended_at__isnull=True).exists():
        return _("Assign an assistance expert first.")
    return None


# --- work slice: the assistance steps of 附件二(二)(三) and R7 ----------------------------------------------------------


@precondition(EnrolmentState.DIAGNOSED)
def diagnosis_recorded(enrolment):
    # 附件二(二) 企业现场调研/诊断.
    from assistance.models import Diagnosis

    if not Diagnosis.objects.filter(enrolment_id=enrolment.pk).exists():
        return _("Record the on-site diagnosis first.")
    return None


@precondition(EnrolmentState.BUILDING)
def plan_written(enrolment):
    # 附件二(三): 形成“一企一策”的帮扶模式.
    from assistance.models import Plan

    if not Plan.objects.filter(enrolment_id=enrolment.pk).exists():
        return _("Write the enterprise's plan (一企一策) first.")
    return None


@precondition(EnrolmentState.OPERATING)
def operation_started(enrolment):
    # 附件二(三)2: 启动体系试运行 — the date the three months count from.
    if enrolment.operation_started_on is None:
        return _("Record the date the system started operating.")
    return None


@precondition(EnrolmentState.OPERATING)
def quality_manual_uploaded(enrolment):
    # 附件二(三): 顶层制度(管理手册) — a system cannot operate without its manual.
    from assistance.models import DocumentLevel, SystemDocument

    if not SystemDocument.objects.filter(enrolment_id=enrolment.pk, level=DocumentLevel.MANUAL).exists():
        return _("Upload the quality manual first.")
    return None


@precondition(EnrolmentState.REVIEWED)
def operated_three_months(enrolment):
    # R7, 附件二(三)2: 小微企业质量管理体系运行时间至少为3个月.
    from django.utils import timezone
    from django.utils.formats import date_format

    from assistance.services.operation import review_possible_from

    possible_from = review_possible_from(enrolment)
    if possible_from is None:
        return _("Record the date the system started operating; it must run at least 3 months.")
    if possible_from > timezone.localdate():
        return _("The system has run since %(start)s; it must run at least 3 months, until %(date)s.") % {
            "start": date_format(enrolment.operation_started_on, "DATE_FORMAT"),
            "date": date_format(possible_from, "DATE_FORMAT"),
        }
    return None


@precondition(EnrolmentState.REVIEWED)
def internal_audit_recorded(enrolment):
    # R7, 附件二(三)2(1): 内审起止时间, 内部审核计划和内部审核报告.
    from assistance.models import InternalAudit

    if not InternalAudit.objects.filter(enrolment_id=enrolment.pk).exists():
        return _("Record the internal audit (start and end time, plan and report).")
    return None


@precondition(EnrolmentState.REVIEWED)
def management_review_recorded(enrolment):
    # R7, 附件二(三)2(2): 管理评审时间, 管理评审计划和管理评审报告.
    from assistance.models import ManagementReview

    if not ManagementReview.objects.filter(enrolment_id=enrolment.pk).exists():
        return _("Record the management review (time, plan and report).")
    return None
