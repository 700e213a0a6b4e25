import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_django(code, **env):
    """Run Python code in a fresh process with Django set up from the given environment."""
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "REDIS_URL",
            "SECURE_SSL_REDIRECT",
            "INQUIRY_NOTIFY_EMAILS",
        }
    }
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=clean_env | {"DJANGO_SETTINGS_MODULE": "clinic_site.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_without_debug_stops_start_up():
    result = run_django("print('started')")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "started" not in result.stdout


def test_debug_mode_runs_without_a_secret_key():
    result = run_django("from django.conf import settings; print(settings.DEBUG)", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_defaults():
    assert settings.DEBUG is False
    assert settings.TIME_ZONE == "America/Los_Angeles"
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_production_redirects_plain_http_to_https():
    result = run_django(
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)", SECRET_KEY="x"
    )
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("database_url", "engine"),
    [
        (None, "django.db.backends.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/postgres", "django.db.backends.postgresql"),
    ],
)
def test_database_comes_from_database_url(database_url, engine):
    env = {"SECRET_KEY": "x", "ALLOWED_HOSTS": "clinic.example, www.clinic.example"}
    if database_url:
        env["DATABASE_URL"] = database_url
    result = run_django(
        "import json; from django.conf import settings;"
        "print(json.dumps([settings.DATABASES['default']['ENGINE'], settings.ALLOWED_HOSTS]))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [engine, ["clinic.example", "www.clinic.example"]]


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    result = run_django(
        "from django.test import Client;"
        "response = Client().get('/healthz');"
        "print(response.status_code, response.content.decode())",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{missing}",
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body)["database"] == "unavailable"


def test_the_server_access_log_keeps_no_client_address():
    import runpy

    config = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    fmt = config["access_log_format"]
    assert "%(h)s" not in fmt and "{x-forwarded-for}i" not in fmt.lower()
    assert "%(U)s" in fmt and "%(q)s" not in fmt  # the path, never the query string


def test_deploy_check_warns_of_a_cache_each_worker_keeps_apart():
    result = run_django(
        "from django.core.management import call_command;"
        "from django.conf import settings;"
        "settings.CACHES = {'default': {'BACKEND': "
        "'django.core.cache.backends.locmem.LocMemCache'}};"
        "call_command('check', '--deploy', '--tag', 'caches')",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="clinic.example",
        WEB_CONCURRENCY="2",
    )
    assert "clinic_site.W001" in result.stderr + result.stdout


def test_deploy_check_is_quiet_with_the_default_shared_cache():
    result = run_django(
        "from django.core.management import call_command;"
        "call_command('check', '--deploy', '--tag', 'caches')",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="clinic.example",
        WEB_CONCURRENCY="2",
    )
    assert result.returncode == 0, result.stderr
    assert "W001" not in result.stderr + result.stdout


def test_deploy_check_warns_when_nobody_is_told_of_new_requests():
    script = "from django.core.management import call_command; call_command('check', '--deploy')"
    production = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "clinic.example"}
    result = run_django(script, **production)
    assert "clinic_site.W002" in result.stderr + result.stdout
    told = run_django(script, **production, INQUIRY_NOTIFY_EMAILS="intake@clinic.example")
    assert "W002" not in told.stderr + told.stdout
