"""Isolation matrix entries for the expert's work pages and endpoints (visits, diagnosis and problems, plan,
documents, operation records, trainings and R8). The rows come from tests/domain.py: an enrolment of cast.enterprise
(a foreign-trade enterprise, so the 市商务局 reads it too) assigned to cast.expert_profile."""

from django.core.files.base import ContentFile

from tests.domain import PDF
from tests.security.matrix import SIGNED_IN, Entry

# Everyone who sees the enrolment reads its records; the reviewer does not see it (404).
READERS = {r: 200 for r in ("regulator", "district", "bureau", "cb_manager", "expert", "enterprise")}
# The assisting expert and their body's manager record the work; the other readers are refused (403).
RECORDERS = {r: 403 for r in READERS} | {"expert": 200, "cb_manager": 200}
# Only the assigned expert logs visits.
VISIT_LOGGER = {r: 403 for r in READERS} | {"expert": 200}
POST_ONLY = {r: 405 for r in SIGNED_IN}
WORK_LIST = {r: 403 for r in SIGNED_IN} | {"expert": 200, "cb_manager": 200}
ORGANISERS = {r: 403 for r in SIGNED_IN} | {"district": 200, "cb_manager": 200, "expert": 200}
COMPLIANCE = {r: 403 for r in SIGNED_IN} | {"regulator": 200, "district": 200, "bureau": 200}
EVERYONE = {r: 200 for r in SIGNED_IN}


def populate(cast):
    # The training of tests/domain.py gets a materials file so that its download route has something to serve.
    cast.training.materials.save("材料.pdf", ContentFile(PDF), save=False)
    cast.training.materials_name = "材料.pdf"
    cast.training.save()


def _enrolment(c):
    return c.enrolment


def _none(o):
    return []


ENTRIES = {
    # --- HTML ---
    "assistance:work-list": Entry(args=_none, expect=WORK_LIST, is_list=True),
    "assistance:work-enrolment": Entry(obj=_enrolment, expect=READERS),
    "assistance:work-advance": Entry(obj=_enrolment, expect=POST_ONLY),
    "assistance:visit-create": Entry(obj=_enrolment, expect=VISIT_LOGGER),
    "assistance:diagnosis-edit": Entry(obj=_enrolment, expect=RECORDERS),
    "assistance:problem-create": Entry(obj=_enrolment, expect=RECORDERS),
    "assistance:plan-edit": Entry(obj=_enrolment, expect=RECORDERS),
    "assistance:document-create": Entry(obj=_enrolment, expect=RECORDERS),
    "assistance:operation-start": Entry(obj=_enrolment, expect=RECORDERS),
    "assistance:internal-audit-create": Entry(obj=_enrolment, expect=RECORDERS),
    "assistance:management-review-create": Entry(obj=_enrolment, expect=RECORDERS),
    "assistance:visit-detail": Entry(obj=lambda c: c.visit, expect=READERS),
    "assistance:visit-file": Entry(obj=lambda c: c.visit_file, expect=READERS),
    "assistance:problem-edit": Entry(obj=lambda c: c.problem, expect=RECORDERS),
    "assistance:problem-status": Entry(obj=lambda c: c.problem, expect=POST_ONLY),
    "assistance:document-file": Entry(obj=lambda c: c.system_document, expect=READERS),
    "assistance:internal-audit-file": Entry(
        obj=lambda c: c.internal_audit, args=lambda o: [o.pk, "plan"], expect=READERS
    ),
    "assistance:management-review-file": Entry(
        obj=lambda c: c.management_review, args=lambda o: [o.pk, "report"], expect=READERS
    ),
    "assistance:training-list": Entry(args=_none, expect=EVERYONE, is_list=True),
    "assistance:training-create": Entry(args=_none, expect=ORGANISERS),
    "assistance:training-compliance": Entry(args=_none, expect=COMPLIANCE, is_list=True),
    "assistance:training-detail": Entry(obj=lambda c: c.training, expect=READERS),
    "assistance:training-materials": Entry(obj=lambda c: c.training, expect=READERS),
    # --- API ---
    "api:visit-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:visit-detail": Entry(kind="api", obj=lambda c: c.visit, expect=READERS),
    "api:visit-files": Entry(kind="api", obj=lambda c: c.visit, expect=POST_ONLY),
    "api:visit-file-download": Entry(kind="api", obj=lambda c: c.visit_file, expect=READERS),
    "api:diagnosis-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:diagnosis-detail": Entry(kind="api", obj=lambda c: c.diagnosis, expect=READERS),
    "api:problem-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:problem-detail": Entry(kind="api", obj=lambda c: c.problem, expect=READERS),
    "api:problem-status": Entry(kind="api", obj=lambda c: c.problem, expect=POST_ONLY),
    "api:plan-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:plan-detail": Entry(kind="api", obj=lambda c: c.plan, expect=READERS),
    "api:system-document-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:system-document-detail": Entry(kind="api", obj=lambda c: c.system_document, expect=READERS),
    "api:system-document-file": Entry(kind="api", obj=lambda c: c.system_document, expect=READERS),
    "api:operation-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:operation-detail": Entry(kind="api", obj=_enrolment, expect=READERS),
    "api:operation-start": Entry(kind="api", obj=_enrolment, expect=POST_ONLY),
    "api:internal-audit-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:internal-audit-detail": Entry(kind="api", obj=lambda c: c.internal_audit, expect=READERS),
    "api:internal-audit-plan": Entry(kind="api", obj=lambda c: c.internal_audit, expect=READERS),
    "api:internal-audit-report": Entry(kind="api", obj=lambda c: c.internal_audit, expect=READERS),
    "api:management-review-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:management-review-detail": Entry(kind="api", obj=lambda c: c.management_review, expect=READERS),
    "api:management-review-plan": Entry(kind="api", obj=lambda c: c.management_review, expect=READERS),
    "api:management-review-report": Entry(kind="api", obj=lambda c: c.management_review, expect=READERS),
    "api:training-list": Entry(kind="api", args=_none, expect=EVERYONE, is_list=True),
    "api:training-detail": Entry(kind="api", obj=lambda c: c.training, expect=READERS),
    "api:training-materials": Entry(kind="api", obj=lambda c: c.training, expect=READERS),
    "api:training-compliance": Entry(kind="api", args=_none, expect=COMPLIANCE, is_list=True),
}
