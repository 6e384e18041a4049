"""Keeping the campaign's figures as running counts (``evaluation.models.counts``; issue 12).

A write that changes a figure calls ``counts_refresh`` with what it touched, inside its own transaction: the
sources are locked (in key order, so two writes never wait on each other in a circle), recomputed from the rows as
the transaction now sees them, and the difference from what each contributed before is added to the counts with
one upsert. The counts are therefore exact when the write commits, whatever order writes come in; two writes to the
same source take turns on its lock, two writes to different sources add to the same counts without losing either
(an ``UPDATE … SET value = value + …`` per row).

What each source adds (computed by ``evaluation.services.sources``; every metric to the scopes "c", "d:<district>"
when the member unit is a district, and "b:<body>"; the definitions are those of ``evaluation.selectors.figures``):

- an enrolment (district: its enterprise's; body: the body whose expert is assigned now, else the latest ended
  assignment's): "funnel:<state>" 1, "assisted" 1 once an expert was assigned, "problems:found" / "problems:solved"
  (solved or verified), "case:<state>" per case, "outcome:recorded" 1 with outcome figures, and per metric with
  both figures "outcome:<metric>:n" 1, "outcome:<metric>:before" / ":after" the figures (sums); its visits
  ("visits", and "visits_week:<ISO week>" in the scope's weekly twin "<scope>/w") count for the district and for
  the body of the visiting expert; its
  enterprise's complaints ("complaints:total", "complaints:open" or "complaints:<outcome>" / "complaints:unrecorded"
  once closed) for the district and for the body complained about;
- a training (district: where it was held; body: the organiser's): "training:<kind>:count" 1,
  "training:<kind>:people" its person-times, "trainings_week:<week>:count" / ":people" (in "<scope>/w");
- an enterprise's attendance in a campaign: "reached:<kind>" 1 per scope where it attended a training of that kind,
  "reached:*" 1 per scope where it attended any;
- a rectification request (district: the member unit asked, or the enterprise's district; body: the body asked):
  "rect:total" 1, "rect:closed" 1 or "rect:open" 1 and "rect:open_due:<ISO date>" 1 (what is overdue depends on the
  day it is read).

``counts_recount(campaign)`` refreshes every source of a campaign (idempotent: it adds only differences) and marks
the campaign counted; a campaign read before it was ever counted (rows written before the counts existed, or rows
loaded in bulk) is recounted on that first read. ``manage.py recount_figures`` does it on demand, and
``evaluation.selectors.figures.figures_check`` compares the counts with the figures computed from the rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import OperationalError, connection, transaction

from assistance.models import Assignment, CertificationBody, Training, Visit
from campaign.models import Campaign
from enterprises.models import Enrolment
from evaluation.models import FigureCount, FigureSource
from evaluation.models.counts import COUNTED, META
from evaluation.services.sources import (
    Counts,
    district_kinds,
    enrolment_sources,
    reach_sources,
    rectification_sources,
    training_sources,
)
from supervision.models import RectificationRequest

# --- applying the differences ----------------------------------------------------------------------------------------


def _apply(deltas: dict[tuple[int, str, str], Decimal]) -> None:
    """Add ``deltas`` {(campaign id, scope, metric): amount} to the counts: one upsert per 500 rows, in key order;
    a count that comes down to zero is removed (a read then passes over only what there is)."""
    rows = [(c, s, m, v) for (c, s, m), v in sorted(deltas.items()) if v]
    table = FigureCount._meta.db_table
    zero = []
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        params = [item for row in chunk for item in (row[0], row[1], row[2], str(row[3]))]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (campaign_id, scope, metric, value) VALUES {values} "  # noqa: S608 (own table)
                f"ON CONFLICT (campaign_id, scope, metric) DO UPDATE SET value = {table}.value + excluded.value "
                "RETURNING id, value",
                params,
            )
            zero += [pk for pk, value in cursor.fetchall() if not value]
    if zero:
        FigureCount.objects.filter(pk__in=zero, value=0).delete()


def _stored(counts: Counts) -> dict[str, int | str]:
    return {key: value if isinstance(value, int) else str(value) for key, value in counts.items() if value}


# A refresh on its own is tried again when PostgreSQL chose it as a deadlock's victim (40P01) or could not serialise
# it (40001); two writes whose sources overlap lock them in the same order, so this is for what no order prevents.
REFRESH_ATTEMPTS = 3
_TRANSIENT = {"40P01", "40001"}


def _transient(error: OperationalError) -> bool:
    return getattr(error.__cause__, "pgcode", None) in _TRANSIENT


def counts_refresh(
    *,
    enrolments: Iterable[int] = (),
    trainings: Iterable[int] = (),
    reach: Iterable[tuple[int, int]] = (),
    rectifications: Iterable[int] = (),
    enterprises: Iterable[int] = (),
) -> None:
    """Recompute the sources a write touched and add the differences to the counts (see the module docstring).

    ``enrolments``, ``trainings``, ``rectifications``: ids (existing or just deleted); ``reach``: (campaign id,
    enterprise id) pairs whose attendance changed; ``enterprises``: enterprises whose district changed (their
    enrolments, attendance and rectifications are refreshed). Runs in the caller's transaction (or its own, tried
    again up to ``REFRESH_ATTEMPTS`` times when PostgreSQL aborts it for a deadlock or a serialization failure).
    Raises ``OperationalError`` when it still fails (the nightly recount then repairs the counts)."""
    enrolment_ids = set(enrolments)
    training_ids = set(trainings)
    reach_pairs = set(reach)
    rect_ids = set(rectifications)
    enterprise_ids = set(enterprises)
    if enterprise_ids:
        enrolment_ids |= set(Enrolment.objects.filter(enterprise_id__in=enterprise_ids).values_list("pk", flat=True))
        rect_ids |= set(
            RectificationRequest.objects.filter(enterprise_id__in=enterprise_ids).values_list("pk", flat=True)
        )
    keys = (
        [f"enrolment:{pk}" for pk in enrolment_ids]
        + [f"training:{pk}" for pk in training_ids]
        + [f"reach:{c}:{e}" for c, e in reach_pairs]
        + [f"rect:{pk}" for pk in rect_ids]
    )
    if not keys:
        return
    for attempt in range(1, REFRESH_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                _refresh(keys, enrolment_ids, training_ids, reach_pairs, rect_ids)
            return
        except OperationalError as error:
            # Inside a caller's transaction the whole of it failed: the caller's to retry. On its own (a refresh
            # after a commit), PostgreSQL's deadlock or serialization failure rolled back only the refresh.
            if connection.in_atomic_block or attempt == REFRESH_ATTEMPTS or not _transient(error):
                raise


def _campaigns_of(enrolment_ids, training_ids, reach_pairs, rect_ids) -> dict[str, int]:
    """The campaign of each source that exists now (the stored rows give it for those deleted)."""
    found: dict[str, int] = {}
    if enrolment_ids:
        for pk, c in Enrolment.objects.filter(pk__in=enrolment_ids).values_list("pk", "campaign_id"):
            found[f"enrolment:{pk}"] = c
    if training_ids:
        for pk, c in Training.objects.filter(pk__in=training_ids).values_list("pk", "campaign_id"):
            found[f"training:{pk}"] = c
    if reach_pairs:
        # Only campaigns that exist: a pair noted in a transaction that was rolled back may name one that never did.
        existing = set(Campaign.objects.filter(pk__in={c for c, _ in reach_pairs}).values_list("pk", flat=True))
        for c, e in reach_pairs:
            if c in existing:
                found[f"reach:{c}:{e}"] = c
    if rect_ids:
        for pk, c in RectificationRequest.objects.filter(pk__in=rect_ids).values_list("pk", "campaign_id"):
            found[f"rect:{pk}"] = c
    return found


def _refresh(keys, enrolment_ids, training_ids, reach_pairs, rect_ids) -> None:
    campaigns = _campaigns_of(enrolment_ids, training_ids, reach_pairs, rect_ids)
    # Lock every source (created first when new), in key order.
    FigureSource.objects.bulk_create(
        [FigureSource(key=key, campaign_id=c) for key, c in sorted(campaigns.items())], ignore_conflicts=True
    )
    old = {
        key: (c, counts)
        for key, c, counts in FigureSource.objects.select_for_update()
        .filter(key__in=keys)
        .order_by("key")
        .values_list("key", "campaign_id", "counts")
    }
    tenant_ids = set(Campaign.objects.filter(pk__in={c for c, _ in old.values()}).values_list("tenant_id", flat=True))
    kinds = district_kinds(tenant_ids)
    body_by_org = dict(CertificationBody.objects.filter(tenant_id__in=tenant_ids).values_list("organisation_id", "pk"))
    new: dict[str, tuple[int, Counts]] = {}
    if enrolment_ids:
        new |= enrolment_sources(list(enrolment_ids), kinds)
    if training_ids:
        new |= training_sources(list(training_ids), kinds, body_by_org)
    if reach_pairs:
        new |= reach_sources(list(reach_pairs), kinds, body_by_org)
    if rect_ids:
        new |= rectification_sources(list(rect_ids), kinds)
    deltas: dict[tuple[int, str, str], Decimal] = defaultdict(Decimal)
    changed = []
    for key, (campaign_id, before) in old.items():
        after = new.get(key, (campaign_id, {}))[1]
        if _stored(after) == before:
            continue
        for name, value in before.items():
            scope, metric = name.split("|", 1)
            deltas[(campaign_id, scope, metric)] -= Decimal(value)
        for name, value in after.items():
            scope, metric = name.split("|", 1)
            deltas[(campaign_id, scope, metric)] += Decimal(value)
        changed.append(FigureSource(key=key, campaign_id=campaign_id, counts=_stored(after)))
    _apply(deltas)
    if changed:
        sources = {s.key: s for s in FigureSource.objects.filter(key__in=[s.key for s in changed])}
        for source in changed:
            sources[source.key].counts = source.counts
        FigureSource.objects.bulk_update(list(sources.values()), ["counts"], batch_size=500)
    gone = [key for key in old if key not in new]
    if gone:
        FigureSource.objects.filter(key__in=gone).delete()


def counts_recount(campaign: Campaign) -> None:
    """Refresh every source of ``campaign`` (those that exist and those counted before that no longer do) and mark
    it counted. Idempotent, and safe while the portal is in use: sources are refreshed 2,000 at a time, each batch
    in its own transaction (exact on its own), so writers wait for one batch at most. A few seconds for a
    province-sized campaign."""
    counts_flush()
    enrolment_ids = list(Enrolment.objects.filter(campaign=campaign).values_list("pk", flat=True))
    training_ids = list(Training.objects.filter(campaign=campaign).values_list("pk", flat=True))
    pairs = {
        (campaign.pk, e)
        for e in Training.enterprises.through.objects.filter(training__campaign=campaign)
        .values_list("enterprise_id", flat=True)
        .distinct()
    }
    rect_ids = list(RectificationRequest.objects.filter(campaign=campaign).values_list("pk", flat=True))
    for key in FigureSource.objects.filter(campaign=campaign).values_list("key", flat=True):
        kind, _, rest = key.partition(":")
        if kind == "enrolment":
            enrolment_ids.append(int(rest))
        elif kind == "training":
            training_ids.append(int(rest))
        elif kind == "rect":
            rect_ids.append(int(rest))
        elif kind == "reach":
            pairs.add((campaign.pk, int(rest.split(":")[1])))
    step = 2000
    enrolment_ids = sorted(set(enrolment_ids))
    for start in range(0, len(enrolment_ids), step):
        counts_refresh(enrolments=enrolment_ids[start : start + step])
    counts_refresh(trainings=training_ids, rectifications=rect_ids)
    pair_list = sorted(pairs)
    for start in range(0, len(pair_list), step):
        counts_refresh(reach=pair_list[start : start + step])
    FigureCount.objects.filter(campaign=campaign, value=0).delete()  # left by an older release, which kept them
    FigureCount.objects.update_or_create(campaign=campaign, scope=META, metric=COUNTED, defaults={"value": 1})


def counts_recount_recent(today) -> int:
    """The nightly repair (``evaluation.tasks.figures_recount``): recount the campaigns of this year and the last,
    whose counts a process that died between its commit and its refresh may have left behind. Returns how many."""
    campaigns = Campaign.objects.filter(year__gte=today.year - 1).order_by("pk")
    for campaign in campaigns:
        counts_recount(campaign)
    return len(campaigns)


# --- which writes touch which sources ----------------------------------------------------------------------------------
#
# Like the dashboards' cache version (dashboards.cache), the counts follow every write of the rows they are counted
# from through Django's model signals (``evaluation.signals``), so no write path (a service, the admin, a data fix in the shell) can forget
# them. A write only notes what it touched (no query); the notes of a transaction are refreshed together, once,
# right after it commits (``counts_flush`` on commit), and before any read of the counts on the same connection (so
# a transaction reads its own writes). Writes that bypass signals (``QuerySet.update``, ``bulk_create``, SQL) call
# ``counts_refresh`` or ``counts_recount`` themselves (bench/national.py recounts after its bulk load); a process
# that dies between its commit and the refresh leaves the counts behind until the nightly recount
# (``evaluation.tasks.recount_figures``) or ``manage.py recount_figures``.

NOTED_KINDS = (
    "enrolments",
    "trainings",
    "reach",
    "rectifications",
    "enterprises",
    "diagnoses",
    "complainants",
    "experts",
)


def _pending() -> dict[str, set]:
    pending = getattr(connection, "_counts_pending", None)
    if pending is None:
        pending = {kind: set() for kind in NOTED_KINDS}
        connection._counts_pending = pending  # type: ignore[attr-defined]
    return pending


def counts_note(kind: str, *values) -> None:
    """Note that a write touched ``values`` of ``kind`` (one of ``NOTED_KINDS``): refreshed once its transaction
    commits (no query now). ``evaluation.signals`` calls it for every write of the rows the counts come from."""
    _pending()[kind].update(values)
    transaction.on_commit(_flush_after_commit, robust=True)


def counts_flush() -> None:
    """Refresh what the writes on this connection noted and have not refreshed yet (see above)."""
    pending = getattr(connection, "_counts_pending", None)
    if not pending or not any(pending.values()):
        return
    noted = {kind: set(values) for kind, values in pending.items()}
    for values in pending.values():
        values.clear()
    enrolments = noted["enrolments"]
    if noted["diagnoses"]:
        from assistance.models import Diagnosis

        enrolments |= set(Diagnosis.objects.filter(pk__in=noted["diagnoses"]).values_list("enrolment_id", flat=True))
    if noted["complainants"]:
        enrolments |= set(
            Enrolment.objects.filter(enterprise_id__in=noted["complainants"]).values_list("pk", flat=True)
        )
    if noted["experts"]:
        enrolments |= set(
            Assignment.objects.filter(expert_id__in=noted["experts"]).values_list("enrolment_id", flat=True)
        )
        enrolments |= set(Visit.objects.filter(expert_id__in=noted["experts"]).values_list("enrolment_id", flat=True))
    reach = noted["reach"]
    if noted["trainings"]:
        attendance = Training.enterprises.through.objects.filter(training_id__in=noted["trainings"])
        reach |= set(attendance.values_list("training__campaign_id", "enterprise_id"))
    counts_refresh(
        enrolments=enrolments,
        trainings=noted["trainings"],
        reach=reach,
        rectifications=noted["rectifications"],
        enterprises=noted["enterprises"],
    )


def _flush_after_commit() -> None:
    counts_flush()
    if connection.in_atomic_block:
        return
    from dashboards.cache import bump

    bump()  # a dashboard computed between the commit and this refresh is stale now
