"""Settings come from the environment; production refuses to start unsafe."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

ENV_KEYS = ("DJANGO_ENV", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    clean["DJANGO_SETTINGS_MODULE"] = "ijmond_participatie.settings"
    clean["CACHE_DIR"] = "/tmp/ijmond-test-cache"  # noqa: S108 - throwaway cache for the subprocess
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "needs a real SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", DJANGO_ENV="production", SECRET_KEY="kort", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "needs a real SECRET_KEY" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_to_sqlite_and_eager_tasks():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.MFA_REQUIRED_FOR_STAFF)"
    )
    result = _manage("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "False"]


def test_environment_switches_to_postgresql_and_redis():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])"
    )
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "infrastructure.cache.ResilientRedisCache",
    ]


def test_production_refuses_a_cache_that_cannot_count_rate_limits():
    """Without Redis, production would fall back to a file cache that cannot count atomically."""
    result = _manage(
        "check", "--deploy", DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="x.nl"
    )
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr + result.stdout


def test_production_requires_mfa_for_staff_by_default():
    code = "from django.conf import settings as s; print(s.MFA_REQUIRED_FOR_STAFF, s.SESSION_COOKIE_SECURE)"
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="x.nl",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
