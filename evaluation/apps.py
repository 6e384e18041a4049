from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"

    def ready(self):
        # The writes that change the figures refresh their running counts (evaluation.services.counts).
        from evaluation.signals import connect_counting

        connect_counting()
