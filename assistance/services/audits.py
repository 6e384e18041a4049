"""The later certification audit and the impartiality firewall (R5).

附件一: 如后续有认证审核活动,帮扶专家不得进审核组及参与认证决定工作; 附件三: 应关注公正性管理,帮扶专家不应参与认证活动.
Anyone who assisted the enterprise — assigned to any of its enrolments (active or ended) or who logged a visit there —
may never sit on its audit team nor make its certification decision (``assistance.policy.firewall_errors``). The
check runs when the audit is recorded and again when the decision is recorded (someone may have been assigned or
visited in between).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.models import AuditResult, CertificationAudit, Expert
from assistance.policy import firewall_errors
from assistance.selectors.bodies import own_body
from enterprises.models import Enrolment
from portal.scoping import ensure_still_visible
from portal.services import require_perm, save_with_history


def _check_people(body_id: int, team: list[Expert], decision_maker: Expert | None) -> None:
    if any(expert.body_id != body_id for expert in [*team, *([decision_maker] if decision_maker else [])]):
        # Only the body's own experts are choices anywhere; another body's expert is not the caller's to name.
        raise PermissionDenied
    if not team:
        raise ValidationError({"team": _("Name at least one auditor for the audit team.")})


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The audit cannot end before it starts.")})


def certification_audit_record(
    *,
    enrolment: Enrolment,
    team: list[Expert],
    starts_on: date,
    ends_on: date,
    decision_maker: Expert | None = None,
    acting_user,
) -> CertificationAudit:
    """The body's manager records a certification audit of an enterprise it assisted (附件三).

    Raises PermissionDenied unless the caller manages the body whose experts these are and sees the enrolment;
    ValidationError on ``team`` (empty), ``ends_on`` (before ``starts_on``), ``starts_on`` (already recorded), or
    on "team"/"decision_maker" with the R5 messages naming each assisting person."""
    require_perm(acting_user, "assistance.add_certificationaudit", enrolment)
    body = own_body(acting_user)
    if not Enrolment.objects.visible_to(acting_user).filter(pk=enrolment.pk).exists():
        raise PermissionDenied
    _check_people(body.pk, team, decision_maker)
    _check_dates(starts_on, ends_on)
    with transaction.atomic():
        # select_for_update: a double-submitted form waits here and then finds the first one's audit.
        row = Enrolment.objects.select_for_update().select_related("enterprise").get(pk=enrolment.pk)
        errors = firewall_errors(enrolment=row, team=team, decision_maker=decision_maker)
        if errors:
            raise ValidationError(errors, code="impartiality")
        if CertificationAudit.objects.filter(enrolment=row, body=body, starts_on=starts_on).exists():
            raise ValidationError(
                {"starts_on": _("An audit of this enterprise starting on that day is already recorded.")},
                code="duplicate",
            )
        audit = CertificationAudit(
            enrolment=row,
            body=body,
            starts_on=starts_on,
            ends_on=ends_on,
            decision_maker=decision_maker,
            recorded_by=acting_user,
        )
        save_with_history(audit, acting_user=acting_user)
        audit.team.set(team)
        ensure_still_visible(audit, acting_user)
    return audit


def certification_audit_decide(
    *, audit: CertificationAudit, decision_maker: Expert, result: str, decided_on: date, acting_user
) -> CertificationAudit:
    """Record the certification decision. The firewall (R5) is checked again for the team and the decision maker.

    Raises ValidationError on ``result``, ``decision_maker``, ``decided_on`` (before the audit or in the future),
    code "stale" when the decision was already recorded, and on "team"/"decision_maker" for R5."""
    require_perm(acting_user, "assistance.change_certificationaudit", audit)
    if result not in (AuditResult.CERTIFIED, AuditResult.REFUSED):
        raise ValidationError({"result": _("Choose whether the certificate is granted.")})
    if decision_maker is None:
        raise ValidationError({"decision_maker": _("Name who takes the certification decision.")})
    _check_people(audit.body_id, [decision_maker], decision_maker)
    with transaction.atomic():
        # select_for_update: two managers recording the decision at once — the second waits, then is told.
        row = CertificationAudit.objects.select_for_update().select_related("enrolment__enterprise").get(pk=audit.pk)
        if row.result != AuditResult.PENDING:
            raise ValidationError(
                _("The decision on this audit has already been recorded (%(result)s).")
                % {"result": row.get_result_display()},
                code="stale",
            )
        if decided_on < row.starts_on:
            raise ValidationError({"decided_on": _("The decision cannot come before the audit starts.")})
        if decided_on > timezone.localdate():
            raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
        errors = firewall_errors(enrolment=row.enrolment, team=list(row.team.all()), decision_maker=decision_maker)
        if errors:
            raise ValidationError(errors, code="impartiality")
        row.decision_maker, row.result, row.decided_on = decision_maker, result, decided_on
        save_with_history(row, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
    return row
