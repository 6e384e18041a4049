from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"

    def ready(self):
        # The campaign calendar asks this app whether the work behind its deadlines is done (home pages).
        from enterprises import deadlines  # noqa: F401
