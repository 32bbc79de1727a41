"""`manage.py check --deploy` is clean under production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
TEST_ONLY = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")


def production_env(tmp_path, **extra):
    """The environment of a production server: no LVZHI_* left over from the test run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LVZHI_") and k not in TEST_ONLY}
    env.update(LVZHI_SECRET_KEY=secrets.token_urlsafe(64), LVZHI_VAR_DIR=str(tmp_path), LVZHI_PLAIN_STATIC="1")
    env.update(extra)
    return env


def check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_under_production_settings(tmp_path):
    result = check_deploy(production_env(tmp_path, LVZHI_HTTPS="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_does_complain_without_https(tmp_path):
    """The check above is meaningful: the same command flags a set-up without HTTPS."""
    result = check_deploy(production_env(tmp_path))
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr  # SECURE_SSL_REDIRECT
