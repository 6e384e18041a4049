"""Navigation and role for every template: the menu a role sees is decided here, once."""

from collections.abc import Sequence

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.scope import scope_of

# Menu entries per role: (label, url name), or a group (label, [entries]) shown as one drop-down, so that a role with
# many pages still has a menu that fits one line. Pages check permissions themselves; the menu only hides noise.
Entry = tuple[Promise, str]
Group = tuple[Promise, Sequence[Entry]]

CAMPAIGN = _("Campaign")
ENTERPRISES = _("Enterprises")
ASSISTANCE = _("Assistance")
OVERSIGHT = _("Supervision and evaluation")
CASES = _("Cases")
DASHBOARDS = _("Dashboards")

_MENU: dict[str, list[Entry | Group]] = {
    Role.REGULATOR: [
        (_("Home"), "home"),
        (
            CAMPAIGN,
            [
                (_("Campaigns"), "campaign:campaign-list"),
                (_("Member units"), "campaign:member-unit-list"),
                (_("Kickoff meetings"), "campaign:kickoff-list"),
            ],
        ),
        (
            ENTERPRISES,
            [
                (_("Enterprises"), "enterprises:enterprise-list"),
                (_("Enrolments"), "enterprises:enrolment-list"),
                (_("Complaints"), "enterprises:complaint-list"),
            ],
        ),
        (
            ASSISTANCE,
            [
                (_("Certification bodies"), "assistance:body-list"),
                (_("Exceptional assignments"), "assistance:override-list"),
                (_("Trainings by district"), "assistance:training-compliance"),
            ],
        ),
        (
            OVERSIGHT,
            [
                (_("On-site supervision"), "supervision:round-list"),
                (_("Mid-term evaluation"), "evaluation:midterm"),
                (_("Next steps"), "evaluation:next-step-list"),
                (_("District submissions"), "submissions:list"),
                (_("Certification body scorecards"), "evaluation:body-scorecard-list"),
                (_("District scorecards"), "evaluation:district-scorecard-list"),
                (_("Reminders sent"), "notifications:urge-list"),
                (_("Reports"), "reporting:list"),
            ],
        ),
        (CASES, [(_("Cases"), "enterprises:case-list"), (_("Case selection"), "enterprises:rubric-list")]),
        (DASHBOARDS, [(_("City dashboard"), "dashboards:city"), (_("Dashboard screens"), "dashboards:token-list")]),
    ],
    Role.MEMBER_UNIT: [
        (_("Home"), "home"),
        (
            CAMPAIGN,
            [(_("Campaign calendar"), "campaign:campaign-list"), (_("Kickoff meeting"), "campaign:kickoff-list")],
        ),
        (
            ENTERPRISES,
            [
                (_("Enterprises"), "enterprises:enterprise-list"),
                (_("Enrolments"), "enterprises:enrolment-list"),
                (_("Trainings by district"), "assistance:training-compliance"),
            ],
        ),
        (
            OVERSIGHT,
            [
                (_("Rectification requests"), "supervision:request-list"),
                (_("Mid-term evaluation"), "evaluation:midterm"),
                (_("Next steps"), "evaluation:next-step-list"),
                (_("Summary submission"), "submissions:own"),
                (_("Our scorecard"), "evaluation:district-scorecard-list"),
                (_("Reports"), "reporting:list"),
            ],
        ),
        (
            CASES,
            [
                (_("Good-practice cases"), "enterprises:case-list"),
                (_("Excellent cases"), "enterprises:published-case-list"),
            ],
        ),
        (DASHBOARDS, [(_("Our dashboard"), "dashboards:mine"), (_("Dashboard screens"), "dashboards:token-list")]),
    ],
    Role.ENTERPRISE: [
        (_("Home"), "home"),
        (_("My progress"), "enterprises:progress"),
        (_("Cases"), "enterprises:case-list"),
        (_("Excellent cases"), "enterprises:published-case-list"),
        (_("Complaints"), "enterprises:complaint-list"),
        (_("Rectification requests"), "supervision:request-list"),
        (_("Reports"), "reporting:list"),
        (_("Campaign calendar"), "campaign:campaign-list"),
    ],
    Role.EXPERT: [
        (_("Home"), "home"),
        (_("My enterprises"), "assistance:work-list"),
        (_("Trainings"), "assistance:training-list"),
        (_("Excellent cases"), "enterprises:published-case-list"),
        (_("Campaign calendar"), "campaign:campaign-list"),
    ],
    Role.CB_MANAGER: [
        (_("Home"), "home"),
        (
            ASSISTANCE,
            [
                (_("Working groups"), "assistance:group-list"),
                (_("Assistance experts"), "assistance:expert-list"),
                (_("Assign experts"), "assistance:assignment-list"),
                (_("Assistance progress"), "assistance:work-list"),
                (_("Trainings"), "assistance:training-list"),
                (_("Certification audits"), "assistance:audit-list"),
            ],
        ),
        (_("Complaints"), "enterprises:complaint-list"),
        (
            OVERSIGHT,
            [
                (_("Rectification requests"), "supervision:request-list"),
                (_("Mid-term evaluation"), "evaluation:midterm"),
                (_("Next steps"), "evaluation:next-step-list"),
                (_("Our scorecard"), "evaluation:body-scorecard-list"),
                (_("Reports"), "reporting:list"),
            ],
        ),
        (DASHBOARDS, [(_("Our dashboard"), "dashboards:mine")]),
        (_("Excellent cases"), "enterprises:published-case-list"),
        (_("Campaign calendar"), "campaign:campaign-list"),
    ],
    Role.REVIEWER: [
        (_("Home"), "home"),
        (_("Cases to score"), "enterprises:case-to-score"),
        (_("All cases"), "enterprises:case-list"),
        (_("Scoring rubric"), "enterprises:rubric-list"),
        (_("Excellent cases"), "enterprises:published-case-list"),
        (_("Campaign calendar"), "campaign:campaign-list"),
    ],
}
_DEFAULT_MENU: list[Entry | Group] = [(_("Home"), "home"), (_("Campaign calendar"), "campaign:campaign-list")]
# 附件二(三)1's training table is per district: a city bureau (no district of its own) finds it empty, so it has no
# entry for the page.
# The mid-term snapshot and the district scorecards have a line per district, none for a city bureau.
# 五(一): the summary submission is the districts' (以区为单位), not the city bureaus'.
_DISTRICT_ONLY = {
    "assistance:training-compliance",
    "evaluation:midterm",
    "evaluation:district-scorecard-list",
    "submissions:own",
    # A district's dashboard and its screens' tokens: a city bureau has no district dashboard.
    "dashboards:mine",
    "dashboards:token-list",
}


def portal(request):
    """Context processor: ``portal_scope``, ``portal_menu`` (label, url, active, group: the drop-down it sits in, or
    None) for the user's role, in menu order,
    ``portal_role_label`` and ``portal_organisation``; an empty menu for anonymous and membership-less users."""
    user = getattr(request, "user", None)
    scope = scope_of(user) if user is not None else None
    if user is None or scope is None:
        return {"portal_scope": None, "portal_menu": []}
    entries = _MENU.get(scope.role or "", _DEFAULT_MENU)  # platform operators (no role): the default menu
    district_only = scope.role == Role.MEMBER_UNIT and not scope.member_unit_is_district
    menu = []
    for label, target in entries:
        group, children = (None, [(label, target)]) if isinstance(target, str) else (label, target)
        for child_label, name in children:
            if district_only and name in _DISTRICT_ONLY:
                continue
            url = reverse(name)
            menu.append({"label": child_label, "url": url, "active": request.path == url, "group": group})
    if user.is_staff:
        menu.append({"label": _("Administration"), "url": reverse("admin:index"), "active": False, "group": None})
    organisation = getattr(getattr(user, "membership", None), "organisation", None)
    return {
        "portal_scope": scope,
        "portal_menu": menu,
        "portal_role_label": Role(scope.role).label if scope.role else _("Platform operator"),
        "portal_organisation": organisation,
    }
