"""Who may do what to the mid-term snapshot, meeting and next steps, and to the certification-body assessments
(per-object predicates, DESIGN.md §4)."""

import rules

from accounts.permissions import in_own_tenant, is_cb_manager, is_member_unit_staff, is_regulator
from accounts.scope import scope_of


@rules.predicate
def owns_next_step(user, step):
    scope = scope_of(user)
    if scope is None or step is None:
        return False
    if step.member_unit_id is not None:
        return step.member_unit_id == scope.member_unit_id
    if step.body_id is not None:
        return step.body_id == scope.certification_body_id
    return False


@rules.predicate
def is_own_body_assessment(user, assessment):
    scope = scope_of(user)
    return scope is not None and assessment is not None and assessment.body_id == scope.certification_body_id


# 四(二): the regulator takes the mid-term snapshot and holds the city-wide meeting; the object is the campaign.
rules.add_perm("evaluation.take_snapshot", is_regulator & in_own_tenant)
rules.add_perm("evaluation.record_meeting", is_regulator & in_own_tenant)
rules.add_perm("evaluation.change_midtermmeeting", is_regulator & in_own_tenant)
# The meeting assigns the next steps; the regulator edits them, the owner (or the regulator) marks them done.
rules.add_perm("evaluation.change_nextstep", is_regulator)
rules.add_perm("evaluation.complete_nextstep", is_regulator | ((is_member_unit_staff | is_cb_manager) & owns_next_step))

# 五(二)1–2: the regulator rates the certification bodies of its tenant (obj: the body, or the assessment).
rules.add_perm("evaluation.assess_body", is_regulator & in_own_tenant)
rules.add_perm("evaluation.change_bodyassessment", is_regulator & in_own_tenant)
# The body answers the assessment of itself, once (the service refuses a second answer).
rules.add_perm("evaluation.answer_bodyassessment", is_cb_manager & is_own_body_assessment)
