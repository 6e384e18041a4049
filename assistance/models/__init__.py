"""The certification side (附件一, 附件二(二)(三), 附件三), one module per noun: bodies, experts, working groups,
assignments, certification audits, visits, diagnosis with its problem list, the 一企一策 plan, the documented system,
trainings, and operation (internal audit, management review).

Everything is re-exported here, so ``from assistance.models import X`` works for every model and choice class.
"""

from assistance.models.assignments import Assignment
from assistance.models.audits import AuditResult, CertificationAudit
from assistance.models.bodies import CertificationBody
from assistance.models.diagnosis import Diagnosis, Problem, ProblemStatus, Urgency
from assistance.models.documents import DocumentLevel, SystemDocument
from assistance.models.experts import Expert
from assistance.models.groups import GroupRole, WorkingGroup, WorkingGroupMember
from assistance.models.operation import InternalAudit, ManagementReview, RecordMode
from assistance.models.plans import Plan
from assistance.models.trainings import TierLevel, Training, TrainingKind
from assistance.models.visits import Visit, VisitFile, VisitKind

__all__ = [
    "Assignment",
    "AuditResult",
    "CertificationAudit",
    "CertificationBody",
    "Diagnosis",
    "DocumentLevel",
    "Expert",
    "GroupRole",
    "InternalAudit",
    "ManagementReview",
    "Plan",
    "Problem",
    "ProblemStatus",
    "RecordMode",
    "SystemDocument",
    "TierLevel",
    "Training",
    "TrainingKind",
    "Urgency",
    "Visit",
    "VisitFile",
    "VisitKind",
    "WorkingGroup",
    "WorkingGroupMember",
]
