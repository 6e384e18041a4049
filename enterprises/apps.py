from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"

    def ready(self):
        # permissions: the per-object permissions (rules.add_perm) register on import; rules' autodiscovery looks for
        # a module called ``rules``, so it does not find this one.
        # deadlines: the campaign calendar asks this app whether the work behind its deadlines is done (home pages).
        # services.enrolments: registers this app's enrolment preconditions (enterprises.policy).
        from enterprises import deadlines, permissions  # noqa: F401
        from enterprises.services import enrolments  # noqa: F401
