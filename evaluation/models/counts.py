"""The campaign's figures kept as running counts (issue 12: a dashboard read at national scale must not aggregate
every visit, problem and attendance of a province on each request).

Every figure of ``evaluation.selectors.figures`` is a sum over *sources*: an enrolment (its state, assignment, visits,
problems, cases, outcome figures and its enterprise's complaints), a training (its kind, week and person-times), an
enterprise's attendance in a campaign (the kinds of training it was reached by, per scope) and a rectification
request. ``FigureSource`` keeps what each source last contributed; ``FigureCount`` keeps the sums per scope.
``evaluation.services.counts`` recomputes the sources a write touched, inside the write's transaction, and adds the
difference to the counts, so the counts are exact when the transaction commits (never a copy that ages).
"""

from django.db import models

# The scopes' names (see FigureCount).
CITY = "c"
WEEKS = "/w"  # suffix of a scope's per-week counts: "c/w", "d:<id>/w", "b:<id>/w"
META = "meta"
COUNTED = "counted"  # META's metric: 1 once every source of the campaign has been counted


class FigureCount(models.Model):
    """One running sum: ``value`` of ``metric`` in ``scope`` for ``campaign``.

    ``scope``: "c" (the whole campaign, the city), "d:<member unit id>" (a district) or "b:<certification body id>",
    and each one's per-week counts in "<scope>/w";
    "meta" holds "counted" = 1 once the campaign's sources have all been counted (``counts_recount``).
    ``metric``: e.g. "funnel:operating", "assisted", "visits", "visits_week:2023-W23" (in "<scope>/w"), "training:central:count",
    "reached:*", "problems:solved", "case:selected", "complaints:open", "rect:open_due:2023-07-01",
    "outcome:revenue:before" (a sum in 万元, divided by "outcome:revenue:n" for the average) — the full list is in
    ``evaluation.services.counts``. Counts are whole numbers; outcome sums keep four decimals.
    """

    # No index of its own: the unique (campaign, scope, metric) and (campaign, metric) start with it.
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.CASCADE, related_name="+", db_index=False)
    scope = models.CharField(max_length=24)
    metric = models.CharField(max_length=64)
    value = models.DecimalField(max_digits=24, decimal_places=4, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "scope", "metric"], name="figure_count_unique"),
        ]
        indexes = [
            # One metric across the scopes: the peers' funnels a district's or a body's median is taken over.
            models.Index(fields=["campaign", "metric"], name="figure_count_metric"),
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.scope} {self.metric} = {self.value}"


class FigureSource(models.Model):
    """What one source last added to the counts: {"<scope>|<metric>": number} (numbers as JSON numbers, outcome sums
    as decimal strings). ``key``: "enrolment:<id>", "training:<id>", "rect:<id>" or "reach:<campaign id>:<enterprise
    id>"; unique, and locked while the source is recomputed so two writes to it take turns."""

    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=48, unique=True)
    counts = models.JSONField(default=dict)

    def __str__(self):
        return self.key
