from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"

    def ready(self):
        # The writes that change the figures refresh their running counts (evaluation.services.counts).
        from evaluation.services.counts import connect_counting

        connect_counting()
