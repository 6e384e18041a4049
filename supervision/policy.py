"""The notice's rules for on-site supervision (现场督导), one function per rule with its clause.

四(二) 帮扶提升阶段: "市市场监管委将适时组织开展现场督导" — from June the regulator visits districts, enterprises and
certification bodies, records what it saw and asks for rectifications; 四、工作要求 asks the member units to follow
through. The dates a supervision record may carry, when a request is overdue, who answers it and when a round may
be closed are decided here; the services raise the messages, the pages show the flags.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaign.policy import campaign_ends_on, campaign_starts_on

if TYPE_CHECKING:
    from accounts.scope import Scope
    from campaign.models import Campaign
    from supervision.models import RectificationRequest

ANSWERABLE_STATES = ("open", "returned")


def visit_date_error(campaign: Campaign, visited_on: date, today: date | None = None) -> str | None:
    """四(二): a supervision visit happens inside the campaign (between the first day of its first phase and the last
    day of its last phase) and is recorded once it has taken place (not in the future). The message, or None."""
    today = today or timezone.localdate()
    starts_on, ends_on = campaign_starts_on(campaign), campaign_ends_on(campaign)
    if starts_on is not None and visited_on < starts_on:
        return _("The visit cannot be before the campaign starts (%(date)s).") % {"date": date_format(starts_on)}
    if ends_on is not None and visited_on > ends_on:
        return _("The visit cannot be after the campaign ends (%(date)s).") % {"date": date_format(ends_on)}
    if visited_on > today:
        return _("The visit date cannot be in the future; record the visit once it has taken place.")
    return None


def due_date_error(visited_on: date, due_on: date) -> str | None:
    """四(二): a rectification is asked at a visit, so it cannot be due before the visit. The message, or None."""
    if due_on < visited_on:
        return _("The due date cannot be before the visit (%(date)s).") % {"date": date_format(visited_on)}
    return None


def days_overdue(*, state: str, due_on: date, today: date | None = None) -> int:
    """四、工作要求: a rectification not closed by its due date is overdue; the number of days past ``due_on``
    (0: not overdue — closed, or due today or later)."""
    today = today or timezone.localdate()
    if state == "closed" or due_on >= today:
        return 0
    return (today - due_on).days


def is_overdue(*, state: str, due_on: date, today: date | None = None) -> bool:
    """Overdue = not closed and ``due_on`` < today."""
    return days_overdue(state=state, due_on=due_on, today=today) > 0


def round_close_refusal(open_requests: int) -> str | None:
    """四(二): a supervision round is closed when its rectifications are — only once every request it made is
    closed. The message naming how many are still open, or None."""
    if open_requests <= 0:
        return None
    return ngettext(
        "The round cannot be closed: %(count)d rectification request is still open.",
        "The round cannot be closed: %(count)d rectification requests are still open.",
        open_requests,
    ) % {"count": open_requests}


def is_party_of(scope: Scope | None, request: RectificationRequest) -> bool:
    """Whether the user of ``scope`` speaks for the party asked (its member unit, its body's manager, its
    enterprise)."""
    if scope is None:
        return False
    if request.member_unit_id is not None:
        return scope.role == "member_unit" and scope.member_unit_id == request.member_unit_id
    if request.body_id is not None:
        return scope.role == "cb_manager" and scope.certification_body_id == request.body_id
    return scope.role == "enterprise" and scope.enterprise_id == request.enterprise_id


def answer_refusal(scope: Scope | None, request: RectificationRequest) -> str | None:
    """四(二): a rectification is answered only by the party asked, and only while it is open or sent back (an
    answered request waits for the regulator; a closed one is done). The message, or None."""
    if not is_party_of(scope, request):
        return _("Only the party asked can answer this rectification request.")
    if request.state not in ANSWERABLE_STATES:
        if request.state == "closed":
            return _("This rectification request is closed; it cannot be answered any more.")
        return _("This rectification request has been answered and is waiting for the regulator.")
    return None


def review_refusal(request: RectificationRequest) -> str | None:
    """The regulator closes or sends back a request only once it has been answered. The message, or None."""
    if request.state == "answered":
        return None
    if request.state == "closed":
        return _("This rectification request is already closed.")
    return _("This rectification request has not been answered yet.")
