from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"

    def ready(self):
        # The permissions module is not named rules.py, so rules' autodiscovery does not find it: register here.
        # The enrolment lifecycle lives in enterprises; the preconditions that need assistance records (R7 and the
        # other steps of 附件二) are registered by importing the policy module.
        from assistance import permissions, policy  # noqa: F401
