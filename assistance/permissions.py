"""Who may do what on the certification side: the ``rules`` predicates and the permissions they back (DESIGN.md §4).

The notice's domain rules (R2–R8) are not here but in ``assistance.policy``. Imported from
``AssistanceConfig.ready`` so the permissions are registered before any view or service checks them.
"""

import rules

from accounts.models import Role
from accounts.permissions import in_own_tenant, is_cb_manager, is_expert, is_member_unit_staff, is_regulator
from accounts.scope import scope_of
from enterprises.permissions import is_assisting

# The permission names services and views check more than once.
LOG_VISIT = "assistance.log_visit"
RECORD_WORK = "assistance.record_work"
ADD_TRAINING = "assistance.add_training"


def _body_id_of(obj):
    """The certification body an object belongs to (a body itself, or a row with ``body_id``/``expert``)."""
    if obj is None:
        return None
    if hasattr(obj, "approval_number"):  # a CertificationBody
        return obj.pk
    if hasattr(obj, "body_id"):
        return obj.body_id
    expert = getattr(obj, "expert", None)
    return getattr(expert, "body_id", None)


@rules.predicate
def manages_body_of(user, obj):
    """A manager of the body the object belongs to (附件一: 组内管理人员负责各方协调对接)."""
    scope = scope_of(user)
    return (
        scope is not None
        and scope.role == Role.CB_MANAGER
        and obj is not None
        and _body_id_of(obj) == scope.certification_body_id
    )


@rules.predicate
def is_assigned_expert(user, enrolment):
    """The expert actively assigned to the enrolment (附件一: 点对点帮扶) — only they log its visits."""
    scope = scope_of(user)
    return (
        scope is not None
        and scope.role == Role.EXPERT
        and enrolment is not None
        and enrolment.assignments.filter(ended_at__isnull=True, expert_id=scope.expert_id).exists()
    )


@rules.predicate
def organises_trainings(user):
    """附件二(三)1: bodies (managers and experts) and district member units organise trainings; a city bureau only
    follows them."""
    scope = scope_of(user)
    if scope is None:
        return False
    return scope.role in (Role.CB_MANAGER, Role.EXPERT) or (
        scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district
    )


# --- experts and working groups: 附件一, the body's managers keep its experts and form its working groups --------------
rules.add_perm("assistance.add_expert", is_cb_manager)
rules.add_perm("assistance.change_expert", manages_body_of)
rules.add_perm("assistance.add_workinggroup", is_cb_manager)
rules.add_perm("assistance.change_workinggroup", manages_body_of)

# --- assignments: the manager assigns its experts to the enrolments its groups cover (the enrolment is scoped) -------
rules.add_perm("assistance.assign_expert", is_cb_manager)
rules.add_perm("assistance.end_assignment", manages_body_of)
# R2–R4 exceptions are shown to the regulator.
rules.add_perm("assistance.view_overrides", is_regulator)

# --- audits: 附件三, the body records its later certification audit and decision ---------------------------------------
rules.add_perm("assistance.add_certificationaudit", is_cb_manager)
rules.add_perm("assistance.change_certificationaudit", manages_body_of)

# --- enrolments: "my enterprises" is the certification side's working list -----------------------------------------
rules.add_perm("assistance.view_work_list", is_expert | is_cb_manager)

# --- visits, diagnosis and problems, plans, documents, operation records -------------------------------------------
rules.add_perm(LOG_VISIT, is_assigned_expert)
# The assisting expert, or a manager of their body.
rules.add_perm(RECORD_WORK, is_assisting)

# --- trainings: organisers record them (obj: the campaign); R8 compliance is the regulator's and districts' ---------
rules.add_perm(ADD_TRAINING, organises_trainings & in_own_tenant)
rules.add_perm("assistance.view_training_compliance", is_regulator | is_member_unit_staff)
