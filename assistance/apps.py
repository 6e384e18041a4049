from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"

    def ready(self):
        # The enrolment lifecycle lives in enterprises; the checks that need assistance records register here.
        from assistance import preconditions  # noqa: F401
