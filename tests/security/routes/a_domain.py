"""The enterprise and assistance rows every area's entries point at (tests/domain.py), and their admins."""

from tests.domain import populate_domain

populate = populate_domain

ADMIN_OBJECTS = {
    "enterprises.certificate": lambda c: c.certificate,
    "enterprises.enrolment": lambda c: c.enrolment,
    "enterprises.screening": lambda c: c.screening,
    "enterprises.outcomefigures": lambda c: c.outcome,
    "enterprises.implementationsummary": lambda c: c.summary,
    "enterprises.case": lambda c: c.case,
    "enterprises.casereview": lambda c: c.case_review,
    "enterprises.complaint": lambda c: c.complaint,
    "assistance.workinggroup": lambda c: c.working_group,
    "assistance.assignment": lambda c: c.assignment,
    "assistance.certificationaudit": lambda c: c.certification_audit,
    "assistance.visit": lambda c: c.visit,
    "assistance.diagnosis": lambda c: c.diagnosis,
    "assistance.training": lambda c: c.training,
}
ADMIN_OBJECTS["enterprises.reviewerprofile"] = lambda c: c.reviewer_profile
