"""Rectification requests: the party's list and detail with its answer form (evidence required), and the
regulator's close / send back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.scope import scope_of
from campaign import selectors as campaign_selectors
from portal.files import attachment_response
from portal.views import row_to_change, row_to_read, submit
from supervision.forms import AnswerForm, ReviewForm
from supervision.models import RectificationEvidence, RectificationRequest, RectificationState
from supervision.policy import answer_refusal, days_overdue, review_refusal
from supervision.selectors.rectifications import annotate_overdue, request_list
from supervision.selectors.visits import visit_view_for
from supervision.services.rectifications import answer_check, request_answer, request_close, request_return
from supervision.views.rounds import chosen_campaign

LIST_LIMIT = 200


@require_GET
def request_list_view(request: HttpRequest) -> HttpResponse:
    today = campaign_selectors.today_local()
    campaign, campaigns = chosen_campaign(request)
    state = request.GET.get("state") or ""
    if state not in RectificationState.values:
        state = ""
    overdue = request.GET.get("overdue") == "1"
    rows = (
        annotate_overdue(
            request_list(user=request.user, today=today, campaign=campaign, state=state, overdue=overdue)[:LIST_LIMIT],
            today,
        )
        if campaign
        else []
    )
    return render(
        request,
        "supervision/request_list.html",
        {
            "rows": rows,
            "campaign": campaign,
            "campaigns": campaigns,
            "state": state,
            "overdue": overdue,
            "states": RectificationState.choices,
            "limit": LIST_LIMIT,
        },
    )


_REQUEST_ROWS = RectificationRequest.objects.select_related(
    "visit",
    "visit__round",
    "visit__member_unit",
    "visit__body",
    "visit__enterprise",
    "campaign",
    "member_unit",
    "body",
    "enterprise",
    "closed_by",
    "created_by",
)


def _request_page(request: HttpRequest, row: RectificationRequest, *, answer_form=None, review_form=None):
    scope = scope_of(request.user)
    answers = list(row.answers.select_related("answered_by").prefetch_related("evidence"))
    can_answer = answer_refusal(scope, row) is None
    can_review = request.user.has_perm("supervision.review_rectification", row) and review_refusal(row) is None
    if can_answer and answer_form is None:
        answer_form = AnswerForm(initial={"version": row.version})
    if can_review and review_form is None:
        review_form = ReviewForm(initial={"version": row.version})
    return render(
        request,
        "supervision/request_detail.html",
        {
            "req": row,
            "visit_view": visit_view_for(request.user, row.visit),
            "answers": answers,
            "days_overdue": days_overdue(state=row.state, due_on=row.due_on, today=campaign_selectors.today_local()),
            "answer_form": answer_form if can_answer else None,
            "review_form": review_form if can_review else None,
            "is_party": request.user.has_perm("supervision.answer_rectification", row),
        },
    )


def _page_or_refusal(request: HttpRequest, row: RectificationRequest, *, answer_form=None, review_form=None):
    """The page with the refused form. When the request moved on meanwhile (answered, closed, sent back) the form
    is no longer offered, so its messages are shown above the page instead: the user is told why."""
    fresh = row_to_read(_REQUEST_ROWS, request.user, pk=row.pk)
    offered_answer = answer_refusal(scope_of(request.user), fresh) is None
    offered_review = review_refusal(fresh) is None
    for form, offered in ((answer_form, offered_answer), (review_form, offered_review)):
        if form is not None and not offered:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    return _request_page(request, fresh, answer_form=answer_form, review_form=review_form)


@require_GET
def request_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, row_to_read(_REQUEST_ROWS, request.user, pk=pk))


@require_http_methods(["POST"])
def request_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    row = row_to_change(_REQUEST_ROWS, request.user, "supervision.answer_rectification", pk=pk)
    form = AnswerForm(request.POST, request.FILES)
    answer = submit(
        form,
        lambda: request_answer(
            request=row,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["files"] or [],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
        check=lambda data: answer_check(
            request=row, text=data["text"], files=data["files"] if data["files"] is not None else None
        ),
    )
    if answer:
        messages.success(request, _("Your answer has been sent to the regulator."))
        return redirect("supervision:request-detail", pk=row.pk)
    return _page_or_refusal(request, row, answer_form=form)


@require_POST
def request_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    row = row_to_change(_REQUEST_ROWS, request.user, "supervision.review_rectification", pk=pk)
    form = ReviewForm(request.POST)
    action = request.POST.get("action")
    if action == "return":
        write = lambda: request_return(  # noqa: E731
            request=row,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
        done = _("The answer has been sent back to %(party)s.")
    else:
        write = lambda: request_close(  # noqa: E731
            request=row,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
        done = _("The rectification request has been closed.")
    saved = submit(form, write)
    if saved:
        messages.success(request, done % {"party": row.party})
        return redirect("supervision:request-detail", pk=row.pk)
    return _page_or_refusal(request, row, review_form=form)


@require_GET
def evidence_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    row = row_to_read(RectificationEvidence, request.user, pk=pk)
    return attachment_response(row.file, row.original_name)
