from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"

    def ready(self):
        # selectors.submissions registers the home pages' check of the district-submission deadline.
        from submissions.selectors import submissions  # noqa: F401
