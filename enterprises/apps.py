from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"

    def ready(self):
        # (permissions.py is loaded by portal.apps.AutodiscoverPermissionsConfig, like every app's.)
        # services.enrolments: registers this app's enrolment preconditions (enterprises.policy).
        # selectors.{enrolments,summaries,cases}: register the home pages' deadline checks with the campaign calendar.
        from enterprises.selectors import cases, enrolments, summaries  # noqa: F401
        from enterprises.services import enrolments as enrolment_services  # noqa: F401
