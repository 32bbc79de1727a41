def test_healthz_answers_without_the_database(client):
    # No db fixture: pytest-django refuses any database access, so this passes only if /healthz
    # touches no database (sessions and auth included).
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_reports_a_migrated_database(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_worker_starts_with_its_routes_loaded_and_no_database_connection():
    """The WSGI application loads the URLconf (every module's routes, the API and its schemas) when it
    is created — in gunicorn's master, before the workers are forked — so no worker's first request
    pays for it (about a second), and it opens no database connection a fork would share."""
    import subprocess
    import sys

    from django.conf import settings

    probe = (
        "import sys, lvzhi.wsgi\n"
        "from django.db import connections\n"
        "from django.urls import get_resolver\n"
        "print('lvzhi.urls' in sys.modules, 'url_patterns' in get_resolver().__dict__,"
        " 'lvzhi.core.api' in sys.modules, [a for a in connections if connections[a].connection is not None])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.split("\n")[-2]
    assert out == "True True True []"
