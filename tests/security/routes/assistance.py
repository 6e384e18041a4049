"""Isolation matrix entries for every assistance route, HTML and API, grouped by noun (bodies, experts, working
groups, assignments, audits, the assisted enrolments, visits, diagnosis and problems, plans, documents, operation,
trainings). The rows come from tests/domain.py (populated by a_domain): an enrolment of cast.enterprise (a
foreign-trade enterprise, so the 市商务局 reads it too) assigned to cast.expert_profile."""

from django.core.files.base import ContentFile

from tests.domain import PDF
from tests.security.matrix import ALL, SIGNED_IN, Entry

# Everyone who sees cast.enrolment reads its records and the body; the reviewer does not see it (404).
SEE_ENROLMENT = ("regulator", "district", "bureau", "cb_manager", "expert", "enterprise")
READERS = {role: 200 for role in SEE_ENROLMENT}
# The body's manager acts; the other readers are refused (403).
MANAGER_ACTS = {role: 403 for role in SEE_ENROLMENT} | {"cb_manager": 200}
MANAGER_ONLY = {"cb_manager": 200}
AUDIT_READERS = {"regulator": 200, "district": 200, "bureau": 200, "cb_manager": 200, "enterprise": 200}
# The assisting expert and their body's manager record the work; the other readers are refused (403).
RECORDERS = {role: 403 for role in READERS} | {"expert": 200, "cb_manager": 200}
# Only the assigned expert logs visits.
VISIT_LOGGER = {role: 403 for role in READERS} | {"expert": 200}
POST_ONLY = {role: 405 for role in SIGNED_IN}
WORK_LIST = {role: 403 for role in SIGNED_IN} | {"expert": 200, "cb_manager": 200}
ORGANISERS = {role: 403 for role in SIGNED_IN} | {"district": 200, "cb_manager": 200, "expert": 200}
COMPLIANCE = {role: 403 for role in SIGNED_IN} | {"regulator": 200, "district": 200, "bureau": 200}
EVERYONE = {role: 200 for role in SIGNED_IN}


def populate(cast):
    # The training of tests/domain.py gets a materials file so that its download route has something to serve.
    cast.training.materials.save("材料.pdf", ContentFile(PDF), save=False)
    cast.training.materials_name = "材料.pdf"
    cast.training.save()


def enrolment(cast):
    return cast.enrolment


def none(obj):
    return []


ENTRIES = {
    # --- Bodies: readable within the tenant by those who work with them.
    "assistance:body-list": Entry(args=none, expect=ALL, is_list=True),
    "assistance:body-detail": Entry(obj=lambda c: c.body, expect=READERS),
    "api:certification-body-list": Entry(kind="api", args=none, expect=ALL, is_list=True),
    "api:certification-body-detail": Entry(kind="api", obj=lambda c: c.body, expect=READERS),
    # --- Experts: the manager keeps them; the others read the ones they see.
    "assistance:expert-list": Entry(args=none, expect=ALL, is_list=True),
    "assistance:expert-create": Entry(args=none, expect=MANAGER_ONLY, others=403),
    "assistance:expert-edit": Entry(obj=lambda c: c.expert_profile, expect=MANAGER_ACTS),
    "api:expert-list": Entry(kind="api", args=none, expect=ALL, is_list=True),
    "api:expert-detail": Entry(kind="api", obj=lambda c: c.expert_profile, expect=READERS),
    # --- Working groups (R6).
    "assistance:group-list": Entry(args=none, expect=ALL, is_list=True),
    "assistance:group-create": Entry(args=none, expect=MANAGER_ONLY, others=403),
    "assistance:group-detail": Entry(
        obj=lambda c: c.working_group, expect={"regulator": 200, "cb_manager": 200, "expert": 200}
    ),
    "assistance:group-edit": Entry(
        obj=lambda c: c.working_group, expect={"regulator": 403, "cb_manager": 200, "expert": 403}
    ),
    "api:working-group-list": Entry(kind="api", args=none, expect=ALL, is_list=True),
    "api:working-group-detail": Entry(
        kind="api", obj=lambda c: c.working_group, expect={"regulator": 200, "cb_manager": 200, "expert": 200}
    ),
    # --- Assignments (R2–R4), the suggestions, and the exceptions the regulator follows.
    "assistance:assignment-list": Entry(args=none, expect=ALL, is_list=True),
    "assistance:assignment-end": Entry(obj=lambda c: c.assignment, expect=MANAGER_ACTS),
    "assistance:enrolment-assign": Entry(obj=enrolment, expect=MANAGER_ACTS),
    "assistance:override-list": Entry(args=none, expect={"regulator": 200}, others=403, is_list=True),
    "api:assignment-list": Entry(kind="api", args=none, expect=ALL, is_list=True),
    "api:assignment-detail": Entry(kind="api", obj=lambda c: c.assignment, expect=READERS),
    "api:assignment-end": Entry(kind="api", obj=lambda c: c.assignment, expect=POST_ONLY),
    "api:enrolment-expert-suggestions": Entry(kind="api", obj=enrolment, expect=MANAGER_ACTS),
    # --- Certification audits (R5).
    "assistance:audit-list": Entry(args=none, expect=ALL, is_list=True),
    "assistance:audit-detail": Entry(obj=lambda c: c.certification_audit, expect=AUDIT_READERS),
    "assistance:audit-decide": Entry(
        obj=lambda c: c.certification_audit, expect={r: 403 for r in AUDIT_READERS} | {"cb_manager": 200}
    ),
    "assistance:audit-create": Entry(obj=enrolment, expect=MANAGER_ACTS),
    "api:certification-audit-list": Entry(kind="api", args=none, expect=ALL, is_list=True),
    "api:certification-audit-detail": Entry(kind="api", obj=lambda c: c.certification_audit, expect=AUDIT_READERS),
    "api:certification-audit-decide": Entry(kind="api", obj=lambda c: c.certification_audit, expect=POST_ONLY),
    "assistance:internal-audit-create": Entry(obj=enrolment, expect=RECORDERS),
    "assistance:internal-audit-file": Entry(
        obj=lambda c: c.internal_audit, args=lambda o: [o.pk, "plan"], expect=READERS
    ),
    "api:internal-audit-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:internal-audit-detail": Entry(kind="api", obj=lambda c: c.internal_audit, expect=READERS),
    "api:internal-audit-plan": Entry(kind="api", obj=lambda c: c.internal_audit, expect=READERS),
    "api:internal-audit-report": Entry(kind="api", obj=lambda c: c.internal_audit, expect=READERS),
    # --- The enrolments assisted: "my enterprises", the work page and its lifecycle buttons.
    "assistance:work-list": Entry(args=none, expect=WORK_LIST, is_list=True),
    "assistance:work-enrolment": Entry(obj=enrolment, expect=READERS),
    "assistance:work-advance": Entry(obj=enrolment, expect=POST_ONLY),
    # --- Visits: only the assigned expert logs them.
    "assistance:visit-create": Entry(obj=enrolment, expect=VISIT_LOGGER),
    "assistance:visit-detail": Entry(obj=lambda c: c.visit, expect=READERS),
    "assistance:visit-file": Entry(obj=lambda c: c.visit_file, expect=READERS),
    "api:visit-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:visit-detail": Entry(kind="api", obj=lambda c: c.visit, expect=READERS),
    "api:visit-files": Entry(kind="api", obj=lambda c: c.visit, expect=POST_ONLY),
    "api:visit-file-download": Entry(kind="api", obj=lambda c: c.visit_file, expect=READERS),
    # --- Diagnosis and problems.
    "assistance:diagnosis-edit": Entry(obj=enrolment, expect=RECORDERS),
    "assistance:problem-create": Entry(obj=enrolment, expect=RECORDERS),
    "assistance:problem-edit": Entry(obj=lambda c: c.problem, expect=RECORDERS),
    "assistance:problem-status": Entry(obj=lambda c: c.problem, expect=POST_ONLY),
    "api:diagnosis-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:diagnosis-detail": Entry(kind="api", obj=lambda c: c.diagnosis, expect=READERS),
    "api:problem-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:problem-detail": Entry(kind="api", obj=lambda c: c.problem, expect=READERS),
    "api:problem-status": Entry(kind="api", obj=lambda c: c.problem, expect=POST_ONLY),
    # --- Plans (一企一策).
    "assistance:plan-edit": Entry(obj=enrolment, expect=RECORDERS),
    "api:plan-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:plan-detail": Entry(kind="api", obj=lambda c: c.plan, expect=READERS),
    # --- System documents.
    "assistance:document-create": Entry(obj=enrolment, expect=RECORDERS),
    "assistance:document-file": Entry(obj=lambda c: c.system_document, expect=READERS),
    "api:system-document-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:system-document-detail": Entry(kind="api", obj=lambda c: c.system_document, expect=READERS),
    "api:system-document-file": Entry(kind="api", obj=lambda c: c.system_document, expect=READERS),
    # --- Operation (R7): its start, internal audits, management reviews.
    "assistance:operation-start": Entry(obj=enrolment, expect=RECORDERS),
    "assistance:management-review-create": Entry(obj=enrolment, expect=RECORDERS),
    "assistance:management-review-file": Entry(
        obj=lambda c: c.management_review, args=lambda o: [o.pk, "report"], expect=READERS
    ),
    "api:operation-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:operation-detail": Entry(kind="api", obj=enrolment, expect=READERS),
    "api:operation-start": Entry(kind="api", obj=enrolment, expect=POST_ONLY),
    "api:management-review-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:management-review-detail": Entry(kind="api", obj=lambda c: c.management_review, expect=READERS),
    "api:management-review-plan": Entry(kind="api", obj=lambda c: c.management_review, expect=READERS),
    "api:management-review-report": Entry(kind="api", obj=lambda c: c.management_review, expect=READERS),
    # --- Trainings and R8 compliance.
    "assistance:training-list": Entry(args=none, expect=EVERYONE, is_list=True),
    "assistance:training-create": Entry(args=none, expect=ORGANISERS),
    "assistance:training-compliance": Entry(args=none, expect=COMPLIANCE, is_list=True),
    "assistance:training-detail": Entry(obj=lambda c: c.training, expect=READERS),
    "assistance:training-materials": Entry(obj=lambda c: c.training, expect=READERS),
    "api:training-list": Entry(kind="api", args=none, expect=EVERYONE, is_list=True),
    "api:training-detail": Entry(kind="api", obj=lambda c: c.training, expect=READERS),
    "api:training-materials": Entry(kind="api", obj=lambda c: c.training, expect=READERS),
    "api:training-compliance": Entry(kind="api", args=none, expect=COMPLIANCE, is_list=True),
}
