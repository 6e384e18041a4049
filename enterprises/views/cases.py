"""HTML pages of practice cases (附件二(四), 五(一)): list, create, edit, submit, the district's recommendation, the
panel's review and score (R13), the regulator's selection; R10 and R11 are checked by the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from campaign.selectors import campaign_current
from enterprises import policy
from enterprises.forms.cases import CaseEditForm, CaseForm, ReviewerAssignForm, ScoreForm
from enterprises.forms.rubrics import RubricScoreForm
from enterprises.models import CaseAttachment, CaseState, CriterionScore, RubricState
from enterprises.policy import MAX_CASES_PER_ENROLMENT
from enterprises.selectors import cases as selectors
from enterprises.selectors import progress as progress_selectors
from enterprises.selectors import rubrics as rubric_selectors
from enterprises.services import cases as services
from enterprises.services import rubrics as rubric_services
from enterprises.views.common import act, role_of
from portal.files import attachment_response
from portal.views import require_perm, row_to_read, save_or_show_errors


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = role_of(user)
    campaign = campaign_current(user=user)
    state = request.GET.get("state", "")
    if state and state not in CaseState.values:
        state = ""
    enrolment = progress_selectors.own_current_enrolment(user=user) if role == Role.ENTERPRISE else None
    cases = list(selectors.case_list(user=user, state=state))
    return render(
        request,
        "enterprises/case_list.html",
        {
            "cases": cases,
            "role": role,
            "campaign": campaign,
            "state": state,
            "states": CaseState.choices,
            "enrolment": enrolment,
            "can_add": enrolment is not None
            and user.has_perm("enterprises.add_case", enrolment)
            and policy.enrolment_write_refusal(enrolment, policy.EnrolmentRecord.OUTPUTS) is None
            and sum(1 for c in cases if c.enrolment_id == enrolment.pk) < MAX_CASES_PER_ENROLMENT,
            "max_cases": MAX_CASES_PER_ENROLMENT,
            "recommendation": selectors.district_recommendation(user=user, campaign=campaign),
        },
    )


@require_GET
def case_to_score(request: HttpRequest) -> HttpResponse:
    """The reviewer's cases of the current campaign still to score, each with its enterprise's figures before and
    after (the home page counts the same rows)."""
    if role_of(request.user) != Role.REVIEWER:
        raise PermissionDenied
    campaign = campaign_current(user=request.user)
    rows = selectors.cases_to_score(user=request.user, campaign=campaign) if campaign else []
    return render(request, "enterprises/case_to_score.html", {"campaign": campaign, "rows": rows})


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) != Role.ENTERPRISE:
        raise PermissionDenied
    enrolment = progress_selectors.own_current_enrolment(user=request.user)
    if enrolment is None:
        messages.error(request, _("Your enterprise is not enrolled in the current campaign."))
        return redirect("enterprises:case-list")
    require_perm(request.user, "enterprises.add_case", enrolment)
    if request.method == "POST":
        form = CaseForm(request.POST, request.FILES)
        if form.is_valid():
            case = save_or_show_errors(
                form,
                lambda: services.case_create(
                    enrolment=enrolment,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                    attachment_name=form.upload_name("attachment"),
                    acting_user=request.user,
                ),
            )
            if case:
                messages.success(request, _("Your case has been saved as a draft. Submit it when it is ready."))
                return redirect("enterprises:case-detail", pk=case.pk)
    else:
        form = CaseForm()
    return render(request, "enterprises/case_form.html", {"form": form, "enrolment": enrolment})


def _case(request: HttpRequest, pk: int):
    case = selectors.case_detail(user=request.user, pk=pk)
    if case is None:
        raise Http404
    return case


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = request.user
    can_assign = user.has_perm("enterprises.assign_case_reviewer", case)
    own_review = selectors.own_review(user=user, case=case) if role_of(user) == Role.REVIEWER else None
    draft_open = (
        case.state == CaseState.DRAFT
        and policy.enrolment_write_refusal(case.enrolment, policy.EnrolmentRecord.OUTPUTS) is None
    )
    return render(
        request,
        "enterprises/case_detail.html",
        {
            "case": case,
            "reviews": selectors.case_reviews(user=user, case=case),
            "own_review": own_review,
            "can_edit": draft_open and user.has_perm("enterprises.change_case", case),
            "can_submit": draft_open and user.has_perm("enterprises.submit_case", case),
            "can_recommend": case.state == CaseState.SUBMITTED and user.has_perm("enterprises.recommend_case", case),
            "can_return": case.state == CaseState.SUBMITTED and user.has_perm("enterprises.return_case", case),
            "can_assign": can_assign and case.state == CaseState.RECOMMENDED,
            "assign_form": ReviewerAssignForm(user=user)
            if can_assign and case.state == CaseState.RECOMMENDED
            else None,
            "can_decide": case.state == CaseState.SCORED and user.has_perm("enterprises.decide_case", case),
            "can_reverse": case.state == CaseState.SELECTED and user.has_perm("enterprises.decide_case", case),
            "can_score": own_review is not None and case.state in (CaseState.RECOMMENDED, CaseState.SCORED),
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.change_case", case)
    if case.state != CaseState.DRAFT:
        messages.info(request, _("Only a draft can be edited; this case has been submitted."))
        return redirect("enterprises:case-detail", pk=case.pk)
    if request.method == "POST":
        form = CaseEditForm(request.POST, request.FILES)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.case_update(
                    case=case,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                    attachment_name=form.upload_name("attachment"),
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("The case has been saved."))
                return redirect("enterprises:case-detail", pk=case.pk)
    else:
        form = CaseEditForm(initial={"title": case.title, "body": case.body, "version": case.version})
    return render(request, "enterprises/case_form.html", {"form": form, "case": case, "enrolment": case.enrolment})


@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.submit_case", case)
    act(
        request,
        lambda: services.case_submit(case=case, acting_user=request.user),
        _("The case has been submitted to your district."),
    )
    return redirect("enterprises:case-detail", pk=case.pk)


@require_POST
def case_delete(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.change_case", case)
    if act(
        request,
        lambda: services.case_delete(case=case, acting_user=request.user),
        _("The draft was deleted."),
    ):
        return redirect("enterprises:case-list")
    return redirect("enterprises:case-detail", pk=case.pk)


@require_POST
def case_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.recommend_case", case)
    act(
        request,
        lambda: services.case_recommend(case=case, acting_user=request.user),
        _("The case has been recommended to the regulator."),
    )
    return redirect("enterprises:case-detail", pk=case.pk)


@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.return_case", case)
    if act(
        request,
        lambda: services.case_return(case=case, comment=request.POST.get("comment", ""), acting_user=request.user),
        _("The case has been returned to the enterprise for revision."),
    ):
        return redirect("enterprises:case-list")  # the draft is the enterprise's until it is submitted again
    return redirect("enterprises:case-detail", pk=case.pk)


@require_POST
def case_assign_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require_perm(request.user, "enterprises.assign_case_reviewer", case)
    form = ReviewerAssignForm(request.POST, user=request.user)
    if form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        saved = save_or_show_errors(
            form,
            lambda: services.case_review_assign(case=case, reviewer=reviewer, acting_user=request.user),
        )
        if saved:
            messages.success(request, _("%(name)s has been asked to score this case.") % {"name": reviewer})
            return redirect("enterprises:case-detail", pk=case.pk)
    return render(
        request,
        "enterprises/case_detail.html",
        {
            "case": case,
            "reviews": selectors.case_reviews(user=request.user, case=case),
            "can_assign": True,
            "assign_form": form,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
def case_score(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's score: on the campaign's rubric, criterion by criterion, when it has one; else one score 0–100."""
    case = _case(request, pk)
    require_perm(request.user, "enterprises.score_case", case)
    review = selectors.own_review(user=request.user, case=case)
    if review is None:  # pragma: no cover - score_case already requires an assigned review
        raise PermissionDenied
    conflict = policy.reviewer_conflict(reviewer=request.user, enterprise=case.enrolment.enterprise)
    rubric = rubric_selectors.rubric_for_campaign(user=request.user, campaign=case.enrolment.campaign)
    if rubric is not None:
        return _score_on_rubric(request, case, review, rubric, conflict)
    if request.method == "POST":
        form = ScoreForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.case_score(
                    review=review,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("Your score has been recorded."))
                return redirect("enterprises:case-detail", pk=case.pk)
    else:
        form = ScoreForm(initial={"score": review.score, "comment": review.comment})
    return render(
        request,
        "enterprises/case_score.html",
        {"case": case, "review": review, "form": form, "conflict": conflict},
    )


def _score_on_rubric(request: HttpRequest, case, review, rubric, conflict) -> HttpResponse:
    criteria = list(rubric.criteria.all())
    given = {s.criterion_id: s for s in CriterionScore.objects.visible_to(request.user).filter(review=review)}
    if request.method == "POST":
        form = RubricScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: rubric_services.review_score_on_rubric(
                    review=review,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    acting_user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("Your score has been recorded."))
                return redirect("enterprises:case-detail", pk=case.pk)
    else:
        initial = {"comment": review.comment}
        for criterion_id, score in given.items():
            initial[rubric_services.score_field(criterion_id)] = score.score
            initial[f"comment_{criterion_id}"] = score.comment
        form = RubricScoreForm(initial=initial, criteria=criteria)
    return render(
        request,
        "enterprises/rubric_score.html",
        {
            "case": case,
            "review": review,
            "rubric": rubric,
            "form": form,
            "conflict": conflict,
            "scored": review.score is not None,
            "open": rubric.state == RubricState.OPEN,
        },
    )


@require_http_methods(["GET", "POST"])
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation, with every reviewer's score beside the case; POST: the regulator's decision."""
    case = _case(request, pk)
    require_perm(request.user, "enterprises.decide_case", case)
    if request.method == "GET":
        reviews = selectors.case_reviews(user=request.user, case=case)
        scores = [review.score for review in reviews if review.score is not None]
        return render(
            request,
            "enterprises/case_decide.html",
            {
                "case": case,
                "reviews": reviews,
                "average": round(sum(scores) / len(scores), 1) if scores else None,
                "can_decide": case.state == CaseState.SCORED,
            },
        )
    decision = request.POST.get("decision")
    if decision not in ("selected", "not_selected"):
        messages.error(request, _("Choose whether to select the case."))
        return redirect("enterprises:case-detail", pk=case.pk)
    selected = decision == "selected"
    confirmed = request.POST.get("confirm") in ("1", "on", "true")
    act(
        request,
        lambda: services.case_decide(case=case, selected=selected, confirmed=confirmed, acting_user=request.user),
        _("The case has been selected as an excellent case.") if selected else _("The case was not selected."),
    )
    return redirect("enterprises:case-detail", pk=case.pk)


@require_GET
def case_attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = row_to_read(CaseAttachment, request.user, pk=pk)
    return attachment_response(attachment.file, attachment.original_name)
