from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        # Connects the user_logged_in receiver that stamps the login time, whether or not a request has loaded the
        # middleware yet (a test's force_login can come first).
        from accounts import middleware  # noqa: F401
