from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"

    def ready(self):
        # permissions: the per-object permissions (rules.add_perm) register on import; rules' autodiscovery looks for
        # a module called ``rules``, so it does not find this one.
        # services.enrolments: registers this app's enrolment preconditions (enterprises.policy).
        # selectors.{enrolments,summaries,cases}: register the home pages' deadline checks with the campaign calendar.
        from enterprises import permissions  # noqa: F401
        from enterprises.selectors import cases, enrolments, summaries  # noqa: F401
        from enterprises.services import enrolments as enrolment_services  # noqa: F401
