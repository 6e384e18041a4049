"""Recording the enterprise's outcome figures before and after the campaign (附件二(四) 量化绩效指标; R10).

The enterprise and its assigned expert both write them; the version read is compared so neither overwrites the
other unseen. From "results" on (and once the enrolment has ended) they are final (enterprises.policy
``enrolment_write_refusal``); only the regulator corrects them then, with a reason kept in their history.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from enterprises.models import Enrolment, OutcomeFigures
from enterprises.policy import EnrolmentRecord, enrolment_write_check
from portal.scoping import ensure_still_visible
from portal.services import lock_current, require_perm, save_with_history, stale_error

# The outcome figures: which are percentages (附件二(四) 量化绩效指标), which are amounts or counts.
PERCENT_METRICS = ("profit_margin", "quality_cost_rate", "pass_rate", "on_time_delivery")
# Each figure's real range (the page, the API and this service read it): shares of a whole are 0–100; a profit margin
# is negative for a loss-making enterprise (a loss of up to ten times its revenue; below that it is a typing slip)
# and at most 100; revenue is not negative.
FIGURE_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "revenue": (Decimal("0"), Decimal("9999999999.99")),
    "profit_margin": (Decimal("-1000"), Decimal("100")),
    "quality_cost_rate": (Decimal("0"), Decimal("100")),
    "pass_rate": (Decimal("0"), Decimal("100")),
    "on_time_delivery": (Decimal("0"), Decimal("100")),
}


OUTCOME_FIELDS = tuple(f"{metric}_{when}" for metric in OutcomeFigures.METRICS for when in ("baseline", "end"))


_MAX_COMPLAINTS = 1_000_000


def _clean_figures(figures: dict) -> dict[str, Decimal | int | None]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Decimal | int | None] = {}
    for name in OUTCOME_FIELDS:
        value = figures.get(name)
        if value is None or value == "":
            cleaned[name] = None
            continue
        metric = name.rsplit("_", 1)[0]
        if metric == "complaints":
            if not isinstance(value, int) or value < 0 or value > _MAX_COMPLAINTS:
                errors[name] = _("Enter a whole number from 0 to %(max)s.") % {"max": _MAX_COMPLAINTS}
                continue
        else:
            value = Decimal(str(value))
            low, high = FIGURE_RANGES[metric]
            if not (low <= value <= high):
                if metric == "revenue":
                    errors[name] = _("Enter an amount of at least 0 (in 10k yuan).")
                elif low < 0:
                    errors[name] = _("A profit margin must be between %(low)s and %(high)s (negative for a loss).") % {
                        "low": low,
                        "high": high,
                    }
                else:
                    errors[name] = _("A percentage must be between 0 and 100.")
                continue
            value = value.quantize(Decimal("0.01"))
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_figures(
    *, enrolment: Enrolment, cleaned: dict, expected_version: int, acting_user, reason: str | None, final_check: bool
) -> OutcomeFigures:
    try:
        with transaction.atomic():
            # select_for_update on the enrolment: a close or "results" racing with this save is seen here.
            current = lock_current(Enrolment, enrolment.pk, None)
            if final_check:
                enrolment_write_check(current, EnrolmentRecord.FIGURES)
            # select_for_update: the enterprise and its expert may save at the same time; the second is told.
            row = OutcomeFigures.objects.select_for_update().filter(enrolment=enrolment).first()
            if row is None:
                if expected_version:
                    raise stale_error()
                row = OutcomeFigures(enrolment=enrolment, updated_by=acting_user, **cleaned)
            else:
                if row.version != expected_version:
                    raise stale_error()
                for name, value in cleaned.items():
                    setattr(row, name, value)
                row.version += 1
                row.updated_by = acting_user
            save_with_history(row, acting_user=acting_user, reason=reason)
            ensure_still_visible(row, acting_user)
    except IntegrityError:  # two first saves raced; the other one won
        raise stale_error() from None
    return row


def outcome_save(*, enrolment: Enrolment, figures: dict, expected_version: int, acting_user) -> OutcomeFigures:
    """Record the baseline and end figures. ``expected_version`` is the version read (0: none existed yet).
    ValidationError (code "enrolment_ended") once the figures are final (enrolment_write_refusal)."""
    require_perm(acting_user, "enterprises.change_outcome", enrolment)
    cleaned = _clean_figures(figures)
    return _save_figures(
        enrolment=enrolment,
        cleaned=cleaned,
        expected_version=expected_version,
        acting_user=acting_user,
        reason=None,
        final_check=True,
    )


MIN_REASON_LENGTH = 5
MAX_REASON_LENGTH = 100  # simple-history's change-reason column


def outcome_correct(
    *, enrolment: Enrolment, figures: dict, reason: str, expected_version: int, acting_user
) -> OutcomeFigures:
    """The regulator corrects the figures of any enrolment of its tenant, final or not, with a reason: the history of
    the figures keeps who, when and why (the final report reads them, so nobody else may change them after the
    results)."""
    require_perm(acting_user, "enterprises.correct_outcome", enrolment)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if len(reason) < MIN_REASON_LENGTH:
        errors["reason"] = _(
            "Say why the figures are corrected (at least %(min)s characters); it is kept with them."
        ) % {"min": MIN_REASON_LENGTH}
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = _("Keep the reason to %(max)s characters.") % {"max": MAX_REASON_LENGTH}
    try:
        cleaned = _clean_figures(figures)
    except ValidationError as exc:
        errors.update({field: messages[0] for field, messages in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return _save_figures(
        enrolment=enrolment,
        cleaned=cleaned,
        expected_version=expected_version,
        acting_user=acting_user,
        reason=reason,
        final_check=False,
    )
