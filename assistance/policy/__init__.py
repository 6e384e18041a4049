"""The notice's domain rules this app enforces (DESIGN.md §6), one named function per rule, each with its clause.

Services call these functions; selectors use them to explain a choice (the expert suggestions, R8 per district);
the enrolment lifecycle reads the preconditions its modules register (``enterprises.services.enrolments.precondition``,
imported from ``AssistanceConfig.ready``). Permissions — who may do what — are in ``assistance.permissions``.

| rule | clause | function |
|---|---|---|
| R2 | 附件一 建议每位帮扶专家负责帮扶1-2个小微企业 | ``expert_load_breach`` (+ ``override_check``) |
| R3 | 附件一 专业对口 | ``specialty_breach`` (+ ``override_check``) |
| R4 | 附件一 尽量不跨地区开展工作 | ``district_breach`` (+ ``override_check``) |
| R5 | 附件一, 附件三 帮扶专家不得进审核组及参与认证决定工作 | ``firewall_errors``, ``auditing_firewall_error`` (at assignment) |
| R6 | 附件一 由管理人员和帮扶专家组成…工作组设一名负责人 | ``working_group_errors`` |
| R7 | 附件二(三)2 运行时间至少为3个月; 内审; 管理评审; 已获证企业核查 | ``operated_three_months``, ``internal_audit_recorded``, ``management_review_recorded``, ``verification_errors``, ``chain_errors`` (the chain in order) |
| R8 | 附件二(三)1 每个地区至少1次集中培训、至少1次行业培训 | ``missing_training_kinds``, ``training_district_error`` (a body's trainings only for the districts its groups cover) |
"""

from __future__ import annotations

from assistance.policy.assignments import (  # noqa: F401
    MAX_ENTERPRISES_PER_EXPERT,
    MIN_REASON_LENGTH,
    OVERRIDE_LABELS,
    Breach,
    assistance_ends_on,
    district_breach,
    expert_load_breach,
    late_assignment_check,
    override_check,
    rule_breaches,
    specialty_breach,
)
from assistance.policy.audits import (  # noqa: F401
    assisting_experts,
    auditing_firewall_error,
    firewall_errors,
)
from assistance.policy.groups import (  # noqa: F401
    MemberLike,
    working_group_errors,
)
from assistance.policy.operation import (  # noqa: F401
    MIN_OPERATION_MONTHS,
    Chain,
    Link,
    add_months,
    assistance_chain,
    audit_span,
    chain_collision,
    chain_errors,
    internal_audit_in_order,
    internal_audit_recorded,
    is_certified,
    management_review_in_order,
    management_review_recorded,
    operated_three_months,
    review_possible_from,
    review_span,
    verification_errors,
)
from assistance.policy.steps import (  # noqa: F401
    diagnosis_recorded,
    expert_assigned,
    operation_started,
    plan_written,
    quality_manual_uploaded,
)
from assistance.policy.trainings import (  # noqa: F401
    R8_REQUIRED_KINDS,
    covered_districts,
    missing_training_kinds,
    training_district_error,
)
