"""R5: the impartiality firewall (附件一, 附件三).

Part of ``assistance.policy``; see its docstring and docs/RULES.md."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assistance.models import (
    Assignment,
    AuditResult,
    CertificationAudit,
    Expert,
    Visit,
)
from enterprises.models import Enrolment, Enterprise

# --- R5: the impartiality firewall (附件一, 附件三) --------------------------------------------------------------------


def assisting_experts(enterprise_id: int) -> dict[int, str]:
    """R5: {expert id: how they assisted} for everyone who assisted the enterprise in any campaign — assigned to any
    of its enrolments (active or ended) or who logged a visit there."""

    how: dict[int, str] = {}
    for expert_id in Visit.objects.filter(enrolment__enterprise_id=enterprise_id).values_list("expert_id", flat=True):
        how[expert_id] = _("logged a visit there")
    for expert_id in Assignment.objects.filter(enrolment__enterprise_id=enterprise_id).values_list(
        "expert_id", flat=True
    ):
        how[expert_id] = _("assigned as its assistance expert")
    return how


def firewall_errors(
    *, enrolment: Enrolment, team: Iterable[Expert], decision_maker: Expert | None
) -> dict[str, list[str]]:
    """R5 (附件一: 如后续有认证审核活动,帮扶专家不得进审核组及参与认证决定工作; 附件三: 帮扶专家不应参与认证活动):
    the messages, keyed by field ("team", "decision_maker"), that name each assisting person and say why they are
    refused; empty when the audit is impartial."""
    assisted = assisting_experts(enrolment.enterprise_id)
    enterprise = enrolment.enterprise
    errors: dict[str, list[str]] = {}
    for expert in team:
        if expert.pk in assisted:
            errors.setdefault("team", []).append(
                _(
                    "%(person)s assisted %(enterprise)s (%(how)s), so may not sit on its certification audit team "
                    "(impartiality: assistance experts stay out of the audit and the decision)."
                )
                % {"person": expert, "how": assisted[expert.pk], "enterprise": enterprise}
            )
    if decision_maker is not None and decision_maker.pk in assisted:
        errors.setdefault("decision_maker", []).append(
            _(
                "%(person)s assisted %(enterprise)s (%(how)s), so may not take the certification decision "
                "(impartiality: assistance experts stay out of the audit and the decision)."
            )
            % {"person": decision_maker, "how": assisted[decision_maker.pk], "enterprise": enterprise}
        )
    return errors


def auditing_firewall_error(*, expert: Expert, enterprise: Enterprise) -> str | None:
    """R5 the other way round (附件一, 附件三): an expert who sits on a pending certification audit team of the
    enterprise, or is to take its decision, may not become its assistance expert (the audit could then never be
    decided). The message naming the audit, or None."""
    pending = (
        CertificationAudit.objects.filter(enrolment__enterprise_id=enterprise.pk, result=AuditResult.PENDING)
        .filter(Q(team=expert) | Q(decision_maker=expert))
        .order_by("starts_on")
        .first()
    )
    if pending is None:
        return None
    return _(
        "%(expert)s is on the certification audit of %(enterprise)s starting %(date)s (audit team or decision), so "
        "may not assist it (impartiality: assistance experts stay out of the audit and the decision)."
    ) % {"expert": expert, "enterprise": enterprise, "date": date_format(pending.starts_on, "DATE_FORMAT")}
