"""Enterprises, their certificates, their enrolment in a campaign and everything the enterprise itself records.

附件二 of the notice is the thread: 遴选 (nomination and screening, R1) → 现场调研/诊断 → 体系建设 → 运行 (R7) →
帮扶成果输出 (outcome figures, the 《企业实施情况及成效总结》 and 1–2 cases, R10/R11). The assistance side (experts,
visits, diagnoses) lives in ``assistance``; this app holds what belongs to the enterprise and its enrolment.

One module per noun; everything is re-exported here, so ``from enterprises.models import X`` keeps working.
"""

from enterprises.models.cases import Case, CaseAttachment, CaseReview, CaseState, ReviewerProfile
from enterprises.models.complaints import Complaint, ComplaintOutcome, ComplaintState
from enterprises.models.enrolments import ENDED_STATES, ENROLMENT_ORDER, Enrolment, EnrolmentState, EnrolmentTransition
from enterprises.models.enterprises import AuditKind, Certificate, Cluster, Enterprise, SizeClass
from enterprises.models.outcomes import OutcomeFigures
from enterprises.models.roster import RosterImport, RosterImportStatus
from enterprises.models.rubrics import (
    CaseListPublication,
    CaseSelection,
    CriterionScore,
    Rubric,
    RubricCriterion,
    RubricState,
    SelectionAct,
)
from enterprises.models.screening import Screening, ScreeningEvidence
from enterprises.models.summaries import ImplementationSummary

__all__ = [
    "ENDED_STATES",
    "ENROLMENT_ORDER",
    "AuditKind",
    "Case",
    "CaseAttachment",
    "CaseListPublication",
    "CaseReview",
    "CaseSelection",
    "CaseState",
    "Certificate",
    "Cluster",
    "Complaint",
    "ComplaintOutcome",
    "ComplaintState",
    "CriterionScore",
    "Enrolment",
    "EnrolmentState",
    "EnrolmentTransition",
    "Enterprise",
    "ImplementationSummary",
    "OutcomeFigures",
    "ReviewerProfile",
    "RosterImport",
    "RosterImportStatus",
    "Rubric",
    "RubricCriterion",
    "RubricState",
    "Screening",
    "ScreeningEvidence",
    "SelectionAct",
    "SizeClass",
]
