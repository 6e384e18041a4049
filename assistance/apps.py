from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"

    def ready(self):
        # (permissions.py is loaded by portal.apps.AutodiscoverPermissionsConfig, like every app's.)
        # The enrolment lifecycle lives in enterprises; the preconditions that need assistance records (R7 and the
        # other steps of 附件二) are registered by importing the policy module.
        from assistance import policy  # noqa: F401
