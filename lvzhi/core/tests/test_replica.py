"""The read replica (lvzhi/core/replica.py), with two real databases: a Django process configured with a
primary and a replica (two SQLite files, the replica a copy of the primary taken before the test's
writes) serves dashboards, figures and exports from the replica and everything else from the primary;
after a user's own write, that user's reads go to the primary for the sticky window, by cookie for a
browser and by the credential's mark in the shared cache for an API client.

The settings of a process cannot grow a database alias in flight, so the scenario runs in a child
process (`_SCENARIO`) that prints what it saw as JSON; the test reads it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

_SCENARIO = r"""
import json, os, sqlite3
import django

django.setup()
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.core import replica
from lvzhi.org.factories import Personas

call_command("migrate", interactive=False, verbosity=0, run_syncdb=True)
p = Personas()
connections.close_all()
# The replica: the primary as it was before everything below (the sessions and tokens are not in it).
source, target = sqlite3.connect(os.environ["PRIMARY"]), sqlite3.connect(os.environ["REPLICA"])
source.backup(target)
source.close(), target.close()

seen = {}


def probe(name, client, method, path, **kwargs):
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as copy:
        response = getattr(client, method)(path, **kwargs)
    seen[name] = {
        "status": response.status_code,
        "primary": len(primary),
        "replica": len(copy),
        "sticky_cookie": response.cookies[replica.COOKIE]["max-age"] if replica.COOKIE in response.cookies else None,
    }
    return response


browser = Client()
browser.force_login(p.staff)  # the session is written to the primary only
probe("dashboard", browser, "get", "/stats/")
probe("figures", browser, "get", "/stats/figures/")
probe("list", browser, "get", "/proposals/")
probe("export", browser, "get", "/proposals/?export=xlsx")
probe("write", browser, "post", "/accounts/profile/tokens/", data={"name": "看板"})
probe("dashboard_after_write", browser, "get", "/stats/")
key = browser.session["lvzhi_new_token"]
browser.cookies.pop(replica.COOKIE)
probe("dashboard_cookie_gone_cache_mark_left", browser, "get", "/stats/")
cache.clear()
probe("dashboard_after_window", browser, "get", "/stats/")

api = Client(headers={"Authorization": f"Bearer {key}"})
figure = "/api/v1/figures/" + api.get("/api/v1/figures/").json()[0]["key"]
probe("api_figures", api, "get", figure)
draft = {"key": "/proposals/new/#form", "path": "/proposals/new/", "fields": {"title": "草稿"}}
probe("api_write", api, "post", "/api/v1/me/drafts", data=draft, content_type="application/json")
api.cookies.clear()  # an API client that keeps no cookies: the cache mark of its token decides
probe("api_figures_after_write", api, "get", figure)

token = replica._use_replica.set(True)
with transaction.atomic():
    seen["read_in_transaction"] = replica.ReplicaRouter().db_for_read(None)
seen["read_outside_transaction"] = replica.ReplicaRouter().db_for_read(None)
replica._use_replica.reset(token)
print("SEEN " + json.dumps(seen))
"""


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replica")
    primary, copy = folder / "primary.sqlite3", folder / "replica.sqlite3"
    template = sorted(Path(settings.VAR_DIR).glob("test-template-*.sqlite3"))
    if template:  # the test run's migrated SQLite template: `migrate` then has little left to do
        primary.write_bytes(template[-1].read_bytes())
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("LVZHI_", "DATABASE_URL", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
        "LVZHI_VAR_DIR": str(folder),
        "LVZHI_PLAIN_STATIC": "1",
        "LVZHI_SECRET_KEY": "replica-test",
        "LVZHI_PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
        "DATABASE_URL": f"sqlite:///{primary}",
        "LVZHI_REPLICA_URL": f"sqlite:///{copy}",
        "LVZHI_REPLICA_STICKY_SECONDS": "20",
        "PRIMARY": str(primary),
        "REPLICA": str(copy),
    }
    done = subprocess.run(
        [sys.executable, "-c", _SCENARIO],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("SEEN "))
    return json.loads(line[5:])


def test_dashboards_figures_and_exports_read_from_the_replica(seen):
    for name in ("dashboard", "figures", "export"):
        assert seen[name]["status"] == 200, name
        assert seen[name]["replica"] > 0, name
    # the session and the user were read from the primary (the replica has no such session: the
    # pages would have sent the user to the login page)
    assert seen["dashboard"]["primary"] > 0


def test_other_pages_read_only_from_the_primary(seen):
    assert seen["list"]["status"] == 200
    assert seen["list"]["replica"] == 0


def test_after_their_own_write_a_user_reads_from_the_primary(seen):
    assert seen["write"]["status"] == 302 and seen["write"]["replica"] == 0
    assert seen["write"]["sticky_cookie"] == 20  # the cookie lives for the sticky window
    assert seen["dashboard_after_write"]["status"] == 200
    assert seen["dashboard_after_write"]["replica"] == 0
    # without the cookie, the mark of the session in the shared cache still holds
    assert seen["dashboard_cookie_gone_cache_mark_left"]["replica"] == 0
    # once both are gone (the window has passed) the dashboard reads from the replica again
    assert seen["dashboard_after_window"]["replica"] > 0


def test_an_api_client_without_cookies_reads_its_own_writes(seen):
    assert seen["api_figures"]["status"] == 200 and seen["api_figures"]["replica"] > 0
    assert seen["api_write"]["status"] in (200, 201)
    assert seen["api_figures_after_write"]["status"] == 200
    assert seen["api_figures_after_write"]["replica"] == 0


def test_reads_inside_a_transaction_on_the_primary_stay_there(seen):
    assert seen["read_in_transaction"] == "default"
    assert seen["read_outside_transaction"] == "replica"
