"""Output serializers of the dashboard endpoints: they describe the payload in the OpenAPI schema (the payload is
built by evaluation.selectors.dashboards and served as it is, from the cache)."""

from rest_framework import serializers


class DashboardScopeOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["district", "city", "body"])
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()


class DashboardCampaignOutput(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()


class DashboardPhaseOutput(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    current = serializers.BooleanField()


class DashboardDeadlineOutput(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    due_on = serializers.DateField()
    passed = serializers.BooleanField()


class DashboardNextDueOutput(DashboardDeadlineOutput):
    days_left = serializers.IntegerField()


class DashboardTimelineOutput(serializers.Serializer):
    today = serializers.DateField()
    phases = DashboardPhaseOutput(many=True)
    deadlines = DashboardDeadlineOutput(many=True)


class DashboardVisitWeekOutput(serializers.Serializer):
    week = serializers.CharField(help_text="ISO week, e.g. 2023-W23")
    visits = serializers.IntegerField()


class DashboardTrainingWeekOutput(serializers.Serializer):
    week = serializers.CharField(help_text="ISO week, e.g. 2023-W23")
    count = serializers.IntegerField()
    person_times = serializers.IntegerField()


class DashboardActivityOutput(serializers.Serializer):
    visits = DashboardVisitWeekOutput(many=True)
    trainings = DashboardTrainingWeekOutput(many=True)


class DashboardOutcomesOutput(serializers.Serializer):
    recorded = serializers.IntegerField()
    metrics = serializers.DictField(
        child=serializers.DictField(),
        help_text="Per metric (revenue, profit_margin, quality_cost_rate, pass_rate, complaints, on_time_delivery): "
        "reported (enterprises with both figures), before and after (averages), change (after − before).",
    )


class _DashboardOutput(serializers.Serializer):
    scope = DashboardScopeOutput()
    campaign = DashboardCampaignOutput()
    as_of = serializers.DateField()
    figures = serializers.DictField(
        help_text="The figures of evaluation.selectors.figures for this scope: funnel, enrolments, assisted, "
        "progress_share, visits, trainings by kind (count, enterprises, person_times), training_totals, problems "
        "(found, solved, open), cases, complaints, rectifications, lagging (reason codes)."
    )
    activity = DashboardActivityOutput()
    outcomes = DashboardOutcomesOutput()
    timeline = DashboardTimelineOutput()
    next_due = DashboardNextDueOutput(allow_null=True)
    generated_at = serializers.DateTimeField(help_text="When these figures were computed (they are cached).")
    max_age = serializers.IntegerField(help_text="Seconds the figures may be served from the cache.")


class DistrictDashboardOutput(_DashboardOutput):
    compliance = serializers.DictField(
        help_text="kickoff (R9), trainings (R8), case_recommended (R10: at least one), submission (state, "
        "submitted_at) of the district summary or null."
    )


class CityDashboardOutput(_DashboardOutput):
    districts = serializers.ListField(child=serializers.DictField(), help_text="Every district's figures row.")
    bodies = serializers.ListField(child=serializers.DictField(), help_text="Every certification body's row.")
    lagging_districts = serializers.ListField(child=serializers.DictField())
    lagging_bodies = serializers.ListField(child=serializers.DictField())
    lagging_rule = serializers.DictField(child=serializers.CharField())


class BodyDashboardOutput(_DashboardOutput):
    pass
