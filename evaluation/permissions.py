"""Who may act on the evaluation rows (per-object predicates, DESIGN.md §4)."""

import rules

from accounts.permissions import in_own_tenant, is_cb_manager, is_regulator
from accounts.scope import scope_of


@rules.predicate
def is_own_body_assessment(user, assessment):
    scope = scope_of(user)
    return scope is not None and assessment is not None and assessment.body_id == scope.certification_body_id


# 五(二)1–2: the regulator rates the certification bodies of its tenant (obj: the body, or the assessment).
rules.add_perm("evaluation.assess_body", is_regulator & in_own_tenant)
rules.add_perm("evaluation.change_bodyassessment", is_regulator & in_own_tenant)
# The body answers the assessment of itself, once (the service refuses a second answer).
rules.add_perm("evaluation.answer_bodyassessment", is_cb_manager & is_own_body_assessment)
