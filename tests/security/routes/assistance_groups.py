"""Isolation matrix entries for the groups slice: certification bodies, experts, working groups, assignments,
exceptions and certification audits (HTML and API). Rows come from tests/domain.py (populated by a_domain)."""

from tests.security.matrix import ALL, SIGNED_IN, Entry

NO_ARGS = {"args": lambda o: []}
# Everyone who sees cast.enrolment (assigned to cast.expert; the enterprise trades abroad, so the bureau follows it).
SEE_ENROLMENT = ("regulator", "district", "bureau", "cb_manager", "expert", "enterprise")
MANAGER_ACTS = {role: 403 for role in SEE_ENROLMENT} | {"cb_manager": 200}
MANAGER_ONLY = {"cb_manager": 200}
POST_ONLY = {role: 405 for role in SIGNED_IN}
BODY_READERS = {role: 200 for role in SEE_ENROLMENT}
AUDIT_READERS = {"regulator": 200, "district": 200, "bureau": 200, "cb_manager": 200, "enterprise": 200}


def enrolment(cast):
    return cast.enrolment


ENTRIES = {
    # Bodies: public within the tenant for those who work with them.
    "assistance:body-list": Entry(**NO_ARGS, expect=ALL, is_list=True),
    "assistance:body-detail": Entry(obj=lambda c: c.body, expect=BODY_READERS),
    # Experts: the manager keeps them; the others read the ones they see.
    "assistance:expert-list": Entry(**NO_ARGS, expect=ALL, is_list=True),
    "assistance:expert-create": Entry(**NO_ARGS, expect=MANAGER_ONLY, others=403),
    "assistance:expert-edit": Entry(obj=lambda c: c.expert_profile, expect=MANAGER_ACTS),
    # Working groups (R6).
    "assistance:group-list": Entry(**NO_ARGS, expect=ALL, is_list=True),
    "assistance:group-create": Entry(**NO_ARGS, expect=MANAGER_ONLY, others=403),
    "assistance:group-detail": Entry(
        obj=lambda c: c.working_group, expect={"regulator": 200, "cb_manager": 200, "expert": 200}
    ),
    "assistance:group-edit": Entry(
        obj=lambda c: c.working_group, expect={"regulator": 403, "cb_manager": 200, "expert": 403}
    ),
    # Assignments (R2–R4) and the exceptions the regulator follows.
    "assistance:assignment-list": Entry(**NO_ARGS, expect=ALL, is_list=True),
    "assistance:assignment-end": Entry(obj=lambda c: c.assignment, expect=MANAGER_ACTS),
    "assistance:enrolment-assign": Entry(obj=enrolment, expect=MANAGER_ACTS),
    "assistance:override-list": Entry(**NO_ARGS, expect={"regulator": 200}, others=403, is_list=True),
    # Certification audits (R5).
    "assistance:audit-list": Entry(**NO_ARGS, expect=ALL, is_list=True),
    "assistance:audit-detail": Entry(obj=lambda c: c.certification_audit, expect=AUDIT_READERS),
    "assistance:audit-decide": Entry(
        obj=lambda c: c.certification_audit, expect={r: 403 for r in AUDIT_READERS} | {"cb_manager": 200}
    ),
    "assistance:audit-create": Entry(obj=enrolment, expect=MANAGER_ACTS),
    # --- API ---
    "api:certification-body-list": Entry(kind="api", **NO_ARGS, expect=ALL, is_list=True),
    "api:certification-body-detail": Entry(kind="api", obj=lambda c: c.body, expect=BODY_READERS),
    "api:expert-list": Entry(kind="api", **NO_ARGS, expect=ALL, is_list=True),
    "api:expert-detail": Entry(kind="api", obj=lambda c: c.expert_profile, expect=BODY_READERS),
    "api:working-group-list": Entry(kind="api", **NO_ARGS, expect=ALL, is_list=True),
    "api:working-group-detail": Entry(
        kind="api", obj=lambda c: c.working_group, expect={"regulator": 200, "cb_manager": 200, "expert": 200}
    ),
    "api:assignment-list": Entry(kind="api", **NO_ARGS, expect=ALL, is_list=True),
    "api:assignment-detail": Entry(kind="api", obj=lambda c: c.assignment, expect=BODY_READERS),
    "api:assignment-end": Entry(kind="api", obj=lambda c: c.assignment, expect=POST_ONLY),
    "api:enrolment-expert-suggestions": Entry(kind="api", obj=enrolment, expect=MANAGER_ACTS),
    "api:certification-audit-list": Entry(kind="api", **NO_ARGS, expect=ALL, is_list=True),
    "api:certification-audit-detail": Entry(kind="api", obj=lambda c: c.certification_audit, expect=AUDIT_READERS),
    "api:certification-audit-decide": Entry(kind="api", obj=lambda c: c.certification_audit, expect=POST_ONLY),
}
