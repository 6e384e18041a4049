"""Case selection on a rubric (五(一) 组织专家评选优秀案例): the regulator sets the campaign's rubric and opens scoring,
reviewers score each criterion, the regulator reverses a selection with a reason and publishes the list of excellent
cases for the whole city.

Every service owns its transaction, takes ``acting_user``, checks the per-object permission and records who and when
(django-simple-history, or a row of its own for the selections and publications). The selection itself is
``enterprises.services.cases.case_decide`` (it writes the CaseSelection row too).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.models import Campaign, MemberUnit
from enterprises.models import (
    Case,
    CaseListPublication,
    CaseReview,
    CaseSelection,
    CaseState,
    CriterionScore,
    Rubric,
    RubricCriterion,
    RubricState,
    SelectionAct,
)
from enterprises.policy import reviewer_impartiality_check, rounded_total, rubric_weight_error, weighted_total
from enterprises.services.cases import already_scored_error, mark_scored_when_complete, require_case_state
from notifications.models import NotificationKind
from notifications.recipients import enterprise_users, member_unit_users
from notifications.services.notifications import notify
from portal.scoping import ensure_still_visible
from portal.services import Errors, lock_current, require_perm, row_update, save_with_history

MAX_CRITERIA = 8


@dataclass(frozen=True)
class CriterionInput:
    name: str
    description: str = ""
    weight: int | None = None
    max_score: int | None = None


# Where the regulator starts from (五(一) 优秀案例): three criteria every panel weighs, and one of its own to rename.
DEFAULT_CRITERIA = (
    (
        gettext_lazy("Replicability"),
        gettext_lazy("Could other small enterprises of the trade take up the practice as it is written?"),
        30,
        10,
    ),
    (
        gettext_lazy("Quantified results"),
        gettext_lazy("Are the results shown in figures before and after (pass rate, complaints, quality cost)?"),
        30,
        10,
    ),
    (
        gettext_lazy("Depth of quality management"),
        gettext_lazy("Does the practice reach processes, records, internal audit and management review, not one fix?"),
        25,
        10,
    ),
    (
        gettext_lazy("Demonstration value (the regulator's own criterion)"),
        gettext_lazy("Rename or rewrite this criterion as the regulator sees fit."),
        15,
        10,
    ),
)


def _locked_criteria_error() -> ValidationError:
    return ValidationError(
        _("Scoring has opened, so the criteria can no longer change (the scores already given count on them)."),
        code="rubric_locked",
    )


def rubric_create(*, campaign: Campaign, acting_user) -> Rubric:
    """A draft rubric for ``campaign`` with the default criteria, for the regulator to adjust before scoring opens."""
    require_perm(acting_user, "enterprises.set_rubric", campaign)
    with transaction.atomic():
        # select_for_update on the campaign: two clicks on "set the rubric" make one rubric, not an IntegrityError.
        campaign = lock_current(Campaign, campaign.pk, None)
        if Rubric.objects.filter(campaign=campaign).exists():
            raise ValidationError(_("This campaign already has a rubric; open it to change it."), code="duplicate")
        rubric = Rubric(campaign=campaign, created_by=acting_user)
        save_with_history(rubric, acting_user=acting_user, reason="created")
        for order, (name, description, weight, max_score) in enumerate(DEFAULT_CRITERIA, start=1):
            criterion = RubricCriterion(
                rubric=rubric,
                name=str(name),
                description=str(description),
                weight=weight,
                max_score=max_score,
                order=order,
            )
            save_with_history(criterion, acting_user=acting_user)
        ensure_still_visible(rubric, acting_user)
    return rubric


def criteria_errors(criteria: list[CriterionInput]) -> Errors:
    """Every mistake in a set of criteria at once: none at all, a name twice, a weight or highest score out of range,
    weights that do not add up to 100 (enterprises.policy.rubric_weight_error)."""
    errors = Errors()
    if not criteria:
        errors.add("criteria", _("Give the rubric at least one criterion."))
        return errors
    if len(criteria) > MAX_CRITERIA:
        errors.add("criteria", _("A rubric has at most %(max)s criteria.") % {"max": MAX_CRITERIA})
    seen: set[str] = set()
    for number, criterion in enumerate(criteria, start=1):
        label = criterion.name or _("criterion %(number)s") % {"number": number}
        if not criterion.name:
            errors.add("criteria", _("Criterion %(number)s has no name.") % {"number": number})
        elif criterion.name in seen:
            errors.add("criteria", _("“%(name)s” is named twice.") % {"name": criterion.name})
        seen.add(criterion.name)
        if criterion.weight is None or not 1 <= criterion.weight <= 100:
            errors.add("criteria", _("“%(name)s”: give a weight from 1 to 100 (%%).") % {"name": label})
        if criterion.max_score is None or not 1 <= criterion.max_score <= 1000:
            errors.add("criteria", _("“%(name)s”: give a highest score from 1 to 1000.") % {"name": label})
    weights = [c.weight for c in criteria if c.weight is not None]
    if len(weights) == len(criteria):
        message = rubric_weight_error(weights)
        if message:
            errors.add("criteria", message)
    return errors


def rubric_criteria_set(
    *, rubric: Rubric, criteria: list[CriterionInput], expected_version: int, acting_user
) -> Rubric:
    """Replace the criteria of a draft rubric (the whole set, in order). Refused once scoring has opened, on a stale
    version, and with every mistake at once (``criteria_errors``)."""
    require_perm(acting_user, "enterprises.set_rubric", rubric)
    criteria = [
        CriterionInput(
            name=(c.name or "").strip(),
            description=(c.description or "").strip(),
            weight=c.weight,
            max_score=c.max_score,
        )
        for c in criteria
    ]
    with transaction.atomic():
        row = lock_current(Rubric, rubric.pk, expected_version)
        if row.state != RubricState.DRAFT:
            raise _locked_criteria_error()
        criteria_errors(criteria).raise_if_any()
        row.criteria.all().delete()
        for order, c in enumerate(criteria, start=1):
            assert c.weight is not None and c.max_score is not None  # criteria_errors refused a missing one
            save_with_history(
                RubricCriterion(
                    rubric=row,
                    name=c.name,
                    description=c.description,
                    weight=c.weight,
                    max_score=c.max_score,
                    order=order,
                ),
                acting_user=acting_user,
            )
        return row_update(row, data={}, acting_user=acting_user, reason="criteria changed")


def rubric_open(*, rubric: Rubric, acting_user) -> Rubric:
    """draft → open for scoring; the criteria are fixed from now on. Their weights must add up to 100."""
    require_perm(acting_user, "enterprises.set_rubric", rubric)
    with transaction.atomic():
        row = lock_current(Rubric, rubric.pk, None)
        if row.state != RubricState.DRAFT:
            raise ValidationError(_("Scoring on this rubric has already opened."), code="invalid_state")
        criteria = [CriterionInput(name=c.name, weight=c.weight, max_score=c.max_score) for c in row.criteria.all()]
        criteria_errors(criteria).raise_if_any()
        return row_update(
            row, data={"state": RubricState.OPEN, "opened_at": timezone.now()}, acting_user=acting_user, reason="opened"
        )


def rubric_close(*, rubric: Rubric, acting_user) -> Rubric:
    """open → closed: no more scores (the regulator selects on what was given)."""
    require_perm(acting_user, "enterprises.set_rubric", rubric)
    with transaction.atomic():
        row = lock_current(Rubric, rubric.pk, None)
        if row.state != RubricState.OPEN:
            raise ValidationError(_("Only a rubric open for scoring can be closed."), code="invalid_state")
        return row_update(
            row,
            data={"state": RubricState.CLOSED, "closed_at": timezone.now()},
            acting_user=acting_user,
            reason="closed",
        )


@dataclass(frozen=True)
class CriterionScoreInput:
    criterion_id: int
    score: int | None
    comment: str = ""


def score_field(criterion_id: int) -> str:
    """The form field (and error key) of one criterion's score."""
    return f"score_{criterion_id}"


def review_score_on_rubric(
    *, review: CaseReview, scores: list[CriterionScoreInput], comment: str = "", acting_user
) -> CaseReview:
    """The reviewer's scores on every criterion of the campaign's open rubric, each from 0 to its highest score, with a
    comment; the review's score becomes the weighted total on 100. Refused, every mistake at once: a criterion
    missing or out of range; and a second score, scoring before the rubric opens or after it closes, R13."""
    if review.reviewer_id != acting_user.pk:
        raise PermissionDenied
    require_perm(acting_user, "enterprises.score_case", review.case)
    rubric = Rubric.objects.filter(campaign_id=review.case.enrolment.campaign_id).first()
    if rubric is None or rubric.state != RubricState.OPEN:
        raise ValidationError(_("Scoring on the rubric is not open."), code="rubric_not_open")
    criteria = list(rubric.criteria.all())
    given = {s.criterion_id: s for s in scores}
    errors = Errors()
    unknown = set(given) - {c.pk for c in criteria}
    if unknown:
        errors.add(None, _("Score only the criteria of this campaign's rubric."))
    for criterion in criteria:
        entry = given.get(criterion.pk)
        if entry is None or entry.score is None:
            errors.add(score_field(criterion.pk), _("Give a score for “%(name)s”.") % {"name": criterion.name})
        elif not 0 <= entry.score <= criterion.max_score:
            errors.add(
                score_field(criterion.pk),
                _("“%(name)s”: give a score from 0 to %(max)s.") % {"name": criterion.name, "max": criterion.max_score},
            )
    errors.raise_if_any()
    with transaction.atomic():
        case = lock_current(Case, review.case_id, None)
        require_case_state(case, CaseState.RECOMMENDED, CaseState.SCORED)
        reviewer_impartiality_check(reviewer=acting_user, enterprise=case.enrolment.enterprise)
        # select_for_update on the review: a double submit scores once, the second is told it has scored already.
        row = CaseReview.objects.select_for_update().get(pk=review.pk)
        if row.score is not None or row.criterion_scores.exists():
            raise already_scored_error()
        # The rubric cannot close between the check above and the scores: read it again under lock.
        if Rubric.objects.select_for_update().get(pk=rubric.pk).state != RubricState.OPEN:
            raise ValidationError(_("Scoring on the rubric is not open."), code="rubric_not_open")
        # Every criterion has a score in range here (the Errors above); "or 0" only narrows the type.
        CriterionScore.objects.bulk_create(
            CriterionScore(
                review=row,
                criterion=criterion,
                score=given[criterion.pk].score or 0,
                comment=(given[criterion.pk].comment or "").strip(),
            )
            for criterion in criteria
        )
        total = weighted_total([(c.weight, c.max_score, given[c.pk].score or 0) for c in criteria])
        row.score = rounded_total(total)
        row.comment = (comment or "").strip()
        row.scored_at = timezone.now()
        save_with_history(row, acting_user=acting_user, reason="scored on the rubric")
        mark_scored_when_complete(case, acting_user=acting_user)
        ensure_still_visible(row, acting_user)
    return row


def case_selection_reverse(*, case: Case, reason: str, acting_user) -> Case:
    """selected → scored again: the regulator takes back a selection, with the reason (kept as a CaseSelection row
    and shown on the ranking). A list already published keeps it until the regulator publishes again."""
    require_perm(acting_user, "enterprises.decide_case", case)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("Say why the selection is reversed; the reason is kept.")})
    with transaction.atomic():
        row = lock_current(Case, case.pk, None)
        require_case_state(row, CaseState.SELECTED)
        CaseSelection.objects.create(case=row, act=SelectionAct.REVERSED, reason=reason, acted_by=acting_user)
        return row_update(
            row,
            data={"state": CaseState.SCORED, "decided_by": None, "decided_at": None},
            acting_user=acting_user,
            reason=f"selection reversed: {reason}"[:100],
        )


def publish_unconfirmed_message() -> str:
    return _("Confirm the publication: the list is shown to every user of the city.")


def case_list_publish(*, campaign: Campaign, note: str = "", acting_user, entries: list[dict]) -> CaseListPublication:
    """Publish the selected cases (``entries``, frozen as given by enterprises.selectors.rubrics.publication_entries)
    for the whole city; a later publication is the next version and the latest is the one shown. Refused with no
    selected case, or when nothing changed since the last version."""
    require_perm(acting_user, "enterprises.publish_cases", campaign)
    if not entries:
        raise ValidationError(_("Select at least one excellent case before publishing the list."), code="empty")
    with transaction.atomic():
        # select_for_update on the campaign: two publications at once get numbers one after the other.
        campaign = lock_current(Campaign, campaign.pk, None)
        publications = CaseListPublication.objects.filter(campaign=campaign)
        latest = publications.order_by("-number").first()
        if latest is not None and latest.entries == entries:
            raise ValidationError(
                _("Nothing changed since version %(number)s was published.") % {"number": latest.number},
                code="unchanged",
            )
        number = (publications.aggregate(n=Max("number"))["n"] or 0) + 1
        publication = CaseListPublication.objects.create(
            campaign=campaign, number=number, published_by=acting_user, note=(note or "").strip(), entries=entries
        )
        ensure_still_visible(publication, acting_user)
        _notify_published(publication, acting_user=acting_user)
    return publication


def _notify_published(publication: CaseListPublication, *, acting_user) -> None:
    """Every member unit's staff and the selected enterprises' users learn that the list is out (once per version)."""
    campaign = publication.campaign
    recipients: set[int] = set()
    for unit in MemberUnit.objects.filter(tenant_id=campaign.tenant_id):
        recipients.update(member_unit_users(unit).values_list("pk", flat=True))
    case_ids = [entry["case"] for entry in publication.entries]
    for case in Case.objects.filter(pk__in=case_ids).select_related("enrolment__enterprise"):
        recipients.update(enterprise_users(case.enrolment.enterprise).values_list("pk", flat=True))
    notify(
        recipients=recipients,
        kind=NotificationKind.OTHER,
        title=_("The list of excellent cases of %(year)s has been published") % {"year": campaign.year},
        body=publication.note,
        url=reverse("enterprises:published-case-detail", args=[publication.pk]),
        key=f"cases-published:{campaign.pk}:{publication.number}",
        campaign=campaign,
        actor=acting_user,
    )
