"""Settings come from the environment: production passes Django's deploy check, bad values stop the process."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command

import portal.settings

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(45)[:60],
    "DJANGO_ALLOWED_HOSTS": "portal.example.cn",
}


# Set inside this test process by the browser tests (Playwright's sync API beside Django); never in a deployment.
TEST_PROCESS_ONLY = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def _manage(*args, env_overrides, drop=()):
    env = {key: value for key, value in os.environ.items() if key not in (*drop, *TEST_PROCESS_ONLY)}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "drop", "named"),
    [
        ({"DJANGO_DEBUG": "false"}, ("DJANGO_SECRET_KEY",), "DJANGO_SECRET_KEY"),
        ({**PRODUCTION, "DJANGO_SECRET_KEY": "too-short"}, (), "DJANGO_SECRET_KEY"),
        ({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": ""}, (), "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "maybe"}, (), "DJANGO_DEBUG"),
        ({**PRODUCTION, "DJANGO_SECURE_HSTS_SECONDS": "a year"}, (), "DJANGO_SECURE_HSTS_SECONDS"),
    ],
    ids=["production-without-secret-key", "weak-secret-key", "no-allowed-hosts", "debug-maybe", "hsts-not-a-number"],
)
def test_bad_settings_stop_the_process_loudly(overrides, drop, named):
    result = _manage("check", env_overrides=overrides, drop=drop)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_passwords_are_hashed_with_argon2():
    # The module's own value: tests/conftest.py switches the running tests to MD5 for speed.
    assert portal.settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_session_ends_after_30_minutes_idle_or_12_hours_in_all():
    assert portal.settings.SESSION_COOKIE_AGE == 30 * 60
    assert portal.settings.SESSION_SAVE_EVERY_REQUEST is True  # the idle clock restarts with every request
    assert portal.settings.PORTAL_SESSION_MAX_AGE == timedelta(hours=12)


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _conn_max_age(argv: list[str]) -> str:
    """CONN_MAX_AGE as the settings module computes it for a process started as ``manage.py <argv>``."""
    code = (
        "import sys; sys.argv = ['manage.py', *sys.argv[1:]];"
        "from portal import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    env = {key: value for key, value in os.environ.items() if key not in TEST_PROCESS_ONLY}
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/unused"  # settings only; nothing connects
    result = subprocess.run(
        [sys.executable, "-c", code, *argv], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_development_server_keeps_no_database_connection_per_finished_thread():
    assert _conn_max_age(["runserver", "127.0.0.1:8000"]) == "0"


def test_gunicorn_and_celery_processes_keep_their_connections():
    assert _conn_max_age(["migrate"]) == "60"
    assert _conn_max_age([]) == "60"  # gunicorn and celery import the settings without a manage.py command


@pytest.mark.django_db
def test_postgresql_connections_plan_for_data_in_memory():
    """DATABASE_RANDOM_PAGE_COST (1.1): at PostgreSQL's default 4.0 the enterprise list's page was a sort of the
    tenant's rows instead of a walk of its index (bench/README.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
