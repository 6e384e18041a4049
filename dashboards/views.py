"""Dashboard pages (issue 12): the regulator's city dashboard, each district's, a certification body's own; the
district's dashboard tokens; and the full-screen page a token opens on a meeting-room screen.

The page carries the same payload as the API (``dashboards.selectors``, cached) through ``json_script``; the charts
(ECharts, vendored) and their tables are drawn by static/dashboards/dashboards.js, which then refreshes the data
from the API every minute (If-None-Match: nothing is sent when nothing changed).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.scope import scope_of
from assistance.models import TrainingKind
from campaign.selectors import campaign_list
from dashboards import selectors, services
from enterprises.models import EnrolmentState
from evaluation.selectors.figures import LAG_REASONS
from submissions.models import SubmissionState


def chart_labels() -> dict:
    """The words the charts show (translated here, so the script holds no text of its own)."""
    return {
        "states": dict(EnrolmentState.choices),
        "training_kinds": dict(TrainingKind.choices),
        "lag_reasons": {code: str(text) for code, text in LAG_REASONS.items()},
        "kickoff": {
            "held": _("held on time"),
            "held_late": _("held late"),
            "not_held": _("not held yet"),
            "overdue": _("not held by its deadline"),
        },
        "submission_states": dict(SubmissionState.choices),
        "metrics": {
            "revenue": _("Revenue (10k yuan)"),
            "profit_margin": _("Profit margin (%)"),
            "quality_cost_rate": _("Quality cost rate (%)"),
            "pass_rate": _("Product pass rate (%)"),
            "complaints": _("Customer complaints"),
            "on_time_delivery": _("On-time delivery (%)"),
        },
        "words": {
            "funnel": _("Enrolment funnel"),
            "funnel_by_district": _("Enrolment funnel by district"),
            "timeline": _("Campaign timeline"),
            "today": _("Today"),
            "activity": _("Visits and trainings per week"),
            "visits": _("Visits"),
            "trainings": _("Trainings"),
            "person_times": _("Person-times"),
            "enterprises": _("Enterprises"),
            "trainings_by_kind": _("Trainings by kind"),
            "problems": _("Problems found and solved"),
            "found": _("Found"),
            "solved": _("Solved"),
            "open": _("Open"),
            "outcomes": _("Outcomes before and after"),
            "before": _("Before"),
            "after": _("After"),
            "change_rate": _("Change from before (%)"),
            "reported": _("Enterprises reporting"),
            "progress": _("Progress share by district"),
            "progress_bodies": _("Progress share by certification body"),
            "share": _("Share in operation or beyond"),
            "median": _("Median"),
            "state": _("State"),
            "number": _("Number"),
            "week": _("Week"),
            "phase": _("Phase"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "district": _("District"),
            "body": _("Certification body"),
            "kind": _("Kind"),
            "metric": _("Metric"),
            "count": _("Held"),
            "table": _("Numbers as a table"),
            "full_screen": _("Full screen"),
            "updated": _("Updated"),
            "refresh_failed": _("Could not refresh the figures; the last ones are shown. Retrying in a minute."),
            "token_refused": _(
                "This screen's dashboard token is not valid (revoked or unknown). Ask the district for a new link."
            ),
            "no_key": _("This link has no dashboard key. Open the full link the district gave you."),
            "enrolments": _("Enrolled enterprises"),
            "assisted": _("Assisted by an expert"),
            "rectifications_open": _("Rectifications open"),
            "problems_open": _("Problems open"),
            "next_due": _("Next deadline"),
            "days_left": _("days left"),
            "none_due": _("No deadline ahead"),
            "compliance": _("Compliance"),
            "kickoff_meeting": _("Kickoff meeting"),
            "required_trainings": _("Centralised and industry trainings"),
            "case_recommended": _("At least one case recommended"),
            "submission": _("District summary"),
            "not_started": _("not started"),
            "yes": _("yes"),
            "no": _("no"),
            "lagging": _("Lagging districts and bodies"),
            "reasons": _("Reasons"),
            "none_lagging": _("Nobody lags."),
            "throttled": _("Too many requests with this token; the figures refresh again shortly."),
        },
    }


def _page(request: HttpRequest, *, payload_for, api_url: str, title: str) -> HttpResponse:
    """The dashboard page: ``payload_for(user, tenant_id, campaign_id)`` gives the cached dashboard for the campaign
    picked in ?campaign= (the current one without it)."""
    scope = scope_of(request.user)
    if scope is None or scope.tenant_id is None:
        raise Http404
    cached = payload_for(request.user, scope.tenant_id, request.GET.get("campaign"))
    payload, etag = cached.payload, cached.etag
    is_city = payload["scope"]["kind"] == "city"
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "payload": payload,
            "labels": chart_labels(),
            "api_url": _with_campaign(api_url, request),
            "etag": etag,
            "title": title,
            "campaigns": list(campaign_list(user=request.user)),
            "districts": list(selectors.dashboard_districts(user=request.user)) if is_city else [],
            "bodies": list(selectors.dashboard_bodies(user=request.user)) if is_city else [],
        },
    )


def _with_campaign(url: str, request: HttpRequest) -> str:
    picked = request.GET.get("campaign")
    return f"{url}?campaign={picked}" if picked and picked.isdigit() else url


@require_GET
def own_dashboard_view(request: HttpRequest) -> HttpResponse:
    """The menu's 看板 entry: the regulator's city, a district's own, a body's own."""
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    if scope.role == Role.REGULATOR:
        return redirect("dashboards:city")
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return redirect("dashboards:district", pk=scope.member_unit_id)
    if scope.role == Role.CB_MANAGER:
        return redirect("dashboards:body", pk=scope.certification_body_id)
    raise PermissionDenied(_("Dashboards are for the regulator, the districts and the certification bodies."))


@require_GET
def city_view(request: HttpRequest) -> HttpResponse:
    if not selectors.may_read_city(user=request.user):
        raise PermissionDenied(_("Only the regulator reads the city dashboard."))
    return _page(
        request,
        payload_for=lambda user, tenant_id, campaign_id: selectors.city_payload(
            user=user, tenant_id=tenant_id, campaign_id=campaign_id
        ),
        api_url=reverse("api:dashboard-city"),
        title=_("City dashboard"),
    )


@require_GET
def district_view(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.dashboard_districts(user=request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return _page(
        request,
        payload_for=lambda user, tenant_id, campaign_id: selectors.district_payload(
            user=user, tenant_id=tenant_id, member_unit_id=unit.pk, campaign_id=campaign_id
        ),
        api_url=reverse("api:dashboard-district", args=[unit.pk]),
        title=_("%(district)s dashboard") % {"district": unit.name},
    )


@require_GET
def body_view(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.dashboard_bodies(user=request.user).filter(pk=pk).first()
    if body is None:
        raise Http404
    return _page(
        request,
        payload_for=lambda user, tenant_id, campaign_id: selectors.body_payload(
            user=user, tenant_id=tenant_id, body=body, campaign_id=campaign_id
        ),
        api_url=reverse("api:dashboard-body", args=[body.pk]),
        title=_("%(body)s dashboard") % {"body": body.name},
    )


@require_http_methods(["GET", "POST"])
def token_list_view(request: HttpRequest) -> HttpResponse:
    """A district's dashboard tokens: issue one (its key shown once), list them with their last use, revoke."""
    scope = scope_of(request.user)
    may_issue = scope is not None and scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district
    if scope is None or not (may_issue or scope.role == Role.REGULATOR):
        raise PermissionDenied(_("Dashboard tokens are issued by the districts."))
    issued = None
    error = None
    name = ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            token, key = services.token_issue(name=name, acting_user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            screen = request.build_absolute_uri(reverse("dashboards:screen")) + f"#{token.member_unit_id}.{key}"
            issued = {"token": token, "key": key, "screen_url": screen}
            name = ""
    return render(
        request,
        "dashboards/token_list.html",
        {
            "tokens": list(selectors.token_list(user=request.user)),
            "may_issue": may_issue,
            "issued": issued,
            "error": error,
            "name": name,
        },
        status=400 if error else 200,
    )


@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_list(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    services.token_revoke(token=token, acting_user=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked: its screen no longer reads the dashboard.") % {"name": token.name}
    )
    return redirect("dashboards:token-list")


@login_not_required
@require_GET
def screen_view(request: HttpRequest) -> HttpResponse:
    """The meeting-room screen: public page; the token travels in the URL fragment (never sent to the server, so
    never in a log) and the script sends it as ``Authorization: DashboardToken <key>``."""
    return render(request, "dashboards/screen.html", {"labels": chart_labels()})
