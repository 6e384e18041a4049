"""Reads of the reports page and API: the jobs a reader may see, and the scopes a reader may ask a report for.
Rows only through ``visible_to``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import scope_of
from assistance.models import CertificationBody
from campaign.models import Campaign, MemberUnit, MemberUnitKind
from enterprises.models import Enrolment
from reporting.kinds import ReportScope
from reporting.models import ReportJob
from supervision.models import SupervisionRound

JOB_RELATED = ("campaign__tenant", "district", "body", "round", "enrolment__enterprise", "created_by")


def report_list(*, user, campaign: Campaign | None = None) -> QuerySet[ReportJob]:
    """The report jobs ``user`` may see, newest first (one query, whatever their number)."""
    rows = ReportJob.objects.visible_to(user).select_related(*JOB_RELATED).defer("snapshot")
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    return rows.order_by("-created_at", "-pk")


def report_targets(*, user, campaign: Campaign) -> list[tuple[str, str]]:
    """What ``user`` may ask reports about in ``campaign``: [(value, label)], values ``city:0``, ``district:<id>``,
    ``body:<id>``, ``round:<id>``, ``enterprise:<enrolment id>``. The regulator: the city, every district, body and
    supervision round; a district its own district; a body manager its body; an enterprise its own enrolment.
    (The regulator asks for one enterprise's draft through the API; thousands of enterprises do not fit a form.)"""
    scope = scope_of(user)
    if scope is None:
        return []
    targets: list[tuple[str, str]] = []
    districts = MemberUnit.objects.visible_to(user).filter(tenant_id=campaign.tenant_id, kind=MemberUnitKind.DISTRICT)
    bodies = CertificationBody.objects.visible_to(user).filter(tenant_id=campaign.tenant_id)
    if scope.role == Role.REGULATOR:
        targets.append(("city:0", _("City-wide (%(name)s)") % {"name": campaign.tenant.name}))
        targets += [(f"district:{unit.pk}", unit.name) for unit in districts.order_by("sort_order", "name")]
        targets += [(f"body:{body.pk}", body.name) for body in bodies.order_by("name")]
        rounds = SupervisionRound.objects.visible_to(user).filter(campaign=campaign).order_by("starts_on", "pk")
        targets += [(f"round:{row.pk}", row.title) for row in rounds]
    elif scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        targets += [(f"district:{unit.pk}", unit.name) for unit in districts.filter(pk=scope.member_unit_id)]
    elif scope.role == Role.CB_MANAGER:
        targets += [(f"body:{body.pk}", body.name) for body in bodies.filter(pk=scope.certification_body_id)]
    elif scope.role == Role.ENTERPRISE:
        own = Enrolment.objects.visible_to(user).filter(campaign=campaign, enterprise_id=scope.enterprise_id)
        targets += [(f"enterprise:{row.pk}", row.enterprise.name) for row in own.select_related("enterprise")]
    return targets


def report_scope_resolve(*, user, campaign: Campaign, scope_name: str, target_id: int | None) -> ReportScope | None:
    """The ReportScope for a scope name and id, the row read through ``visible_to`` (None when the reader cannot see
    it or the name is unknown)."""
    if scope_name == "city":
        return ReportScope(campaign=campaign)
    models = {
        "district": (MemberUnit, "district"),
        "body": (CertificationBody, "body"),
        "round": (SupervisionRound, "round"),
        "enterprise": (Enrolment, "enrolment"),
    }
    if scope_name not in models or target_id is None:
        return None
    model, field = models[scope_name]
    row = model.objects.visible_to(user).filter(pk=target_id).first()  # type: ignore[attr-defined]
    if row is None:
        return None
    return ReportScope(campaign=campaign, **{field: row})
