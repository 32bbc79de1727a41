"""The deployment of docs/deployment.md on this machine: nginx in front of two app instances
(`scripts/serve.sh` with LVZHI_TASK_WORKERS=0, gunicorn as ./run starts it) and one background worker
(`LVZHI_WEB=0 scripts/serve.sh`), sharing PostgreSQL (a database of its own, dropped afterwards),
Redis (cache and sessions; a redis-server of its own) and an S3-compatible file store (moto's server
on loopback). Nothing is shared through the instances' own directories: each has a `LVZHI_VAR_DIR` of
its own.

Across the two instances: a session made on one is served by the other; a file uploaded on one is
downloaded from the other; failed logins on both count towards one lockout; an export queued by one
is run by the worker and its file downloaded from the other. Each instance's /metrics adds up its
gunicorn workers (prometheus_client's multiprocess mode, set up by scripts/serve.sh); nginx does not
pass /metrics on.

Skipped, with the reason, where nginx, redis-server or PostgreSQL on 127.0.0.1:5432 is missing
(`.ci/run` installs nginx and redis-server and starts PostgreSQL)."""

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from lvzhi.core.tests.migrations_digest import migrations_digest

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
REDIS = shutil.which("redis-server")
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def _postgres_reason() -> str | None:
    try:
        import psycopg

        psycopg.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except Exception as exc:  # no server, no access
        return f"PostgreSQL on 127.0.0.1:5432 (user postgres) is not reachable: {exc.__class__.__name__}"
    return None


def _skip_reason() -> str | None:
    if not NGINX:
        return "nginx is not installed (Debian: apt-get install -y nginx; .ci/run installs it)"
    if not REDIS:
        return "redis-server is not installed (Debian: apt-get install -y redis-server; .ci/run installs it)"
    return _postgres_reason()


pytestmark = pytest.mark.skipif(bool(_skip_reason()), reason=_skip_reason() or "")

PASSWORD = "Lvzhi-multi-2026"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

_SETUP = r"""
import json
import django

django.setup()
from lvzhi.meetings.factories import MeetingWorld
from lvzhi.org.factories import Personas

p = Personas()
world = MeetingWorld(p)
for user in (p.staff, p.member):
    user.set_password("PASSWORD")
    user.must_change_password = False
    user.save()
print("SETUP " + json.dumps({"staff": p.staff.username, "member": p.member.username, "meeting": world.meeting.pk}))
""".replace("PASSWORD", PASSWORD)

NGINX_CONF = """
{user}
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/nginx-access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{body}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float, procs=()) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for proc in procs:
            assert proc.poll() is None, f"{proc.args} ended with {proc.returncode}"
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def site_block(ports: tuple[int, int], listen: int) -> str:
    """The server block of docs/deployment.md, with the test's ports."""
    conf = (Path(settings.BASE_DIR) / "docs" / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{ports[0]}")
    conf = conf.replace("server 127.0.0.1:8002", f"server 127.0.0.1:{ports[1]}")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    return conf


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    import boto3
    import psycopg
    from moto.server import ThreadedMotoServer

    folder = tmp_path_factory.mktemp("deploy")
    database = f"lvzhi_multi_{secrets.token_hex(4)}"
    ports = {name: free_port() for name in ("nginx", "a", "b", "redis", "s3")}
    procs: list[subprocess.Popen] = []
    admin = psycopg.connect(dbname="postgres", autocommit=True, **PG)
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=ports["s3"], verbose=False)
    s3.start()
    try:
        endpoint = f"http://127.0.0.1:{ports['s3']}"
        keys = {"aws_access_key_id": "lvzhi", "aws_secret_access_key": "lvzhi-secret", "region_name": "us-east-1"}
        bucket = boto3.resource("s3", endpoint_url=endpoint, **keys).create_bucket(Bucket="lvzhi-files")
        log = open(folder / "redis.log", "w")  # noqa: SIM115 - open while the server runs
        procs.append(
            subprocess.Popen(
                [REDIS, "--port", str(ports["redis"]), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("LVZHI_", "DATABASE_URL", "PYTEST", "PROMETHEUS"))
            },
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "LVZHI_SECRET_KEY": secrets.token_urlsafe(40),  # one key for every instance
            "LVZHI_PII_KEY": secrets.token_urlsafe(40),
            "LVZHI_CACHE_URL": f"redis://127.0.0.1:{ports['redis']}/0",
            "LVZHI_SESSIONS": "cache",  # sessions in Redis only: no instance could serve another's otherwise
            "LVZHI_FILE_STORAGE": "s3",
            "LVZHI_S3_ENDPOINT_URL": endpoint,
            "LVZHI_S3_BUCKET": "lvzhi-files",
            "LVZHI_S3_ACCESS_KEY": keys["aws_access_key_id"],
            "LVZHI_S3_SECRET_KEY": keys["aws_secret_access_key"],
            "LVZHI_S3_REGION": keys["region_name"],
            "LVZHI_TRUSTED_PROXIES": "127.0.0.1",
            "LVZHI_PLAIN_STATIC": "1",
            "LVZHI_WORKERS": "1",
            "LVZHI_LOCKOUT_FAILURES": "3",
            "LVZHI_EXPORT_BACKGROUND_ROWS": "-1",  # every export is a background job
            "LVZHI_PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
            "LVZHI_LOG_FORMAT": "json",
            "LVZHI_METRICS_ALLOWED": "127.0.0.1/32",  # the test scrapes the instances directly
        }
        python = sys.executable
        run = {"cwd": settings.BASE_DIR, "capture_output": True, "text": True, "timeout": 900}
        template = _migrated_template(admin, env, run)
        admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
        made = subprocess.run([python, "-c", _SETUP], env={**env, "DJANGO_SETTINGS_MODULE": "lvzhi.settings"}, **run)
        assert made.returncode == 0, made.stderr[-3000:]
        world = __import__("json").loads(next(x for x in made.stdout.splitlines() if x.startswith("SETUP "))[6:])

        def serve(name, **extra):
            var = folder / f"var-{name}"
            var.mkdir()
            out = open(folder / f"{name}.log", "w")  # noqa: SIM115 - open while the server runs
            proc = subprocess.Popen(
                ["scripts/serve.sh"],
                cwd=settings.BASE_DIR,
                env={**env, "LVZHI_VAR_DIR": str(var), **extra},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            procs.append(proc)
            return proc

        serve("a", LVZHI_PORT=str(ports["a"]), LVZHI_TASK_WORKERS="0")
        serve("b", LVZHI_PORT=str(ports["b"]), LVZHI_TASK_WORKERS="0")
        serve("worker", LVZHI_WEB="0", LVZHI_TASK_WORKERS="1", LVZHI_SCHEDULER="0")
        for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / d).mkdir()
        (folder / "nginx.conf").write_text(
            NGINX_CONF.format(
                user="user root;" if os.geteuid() == 0 else "",
                dir=folder,
                body=site_block((ports["a"], ports["b"]), ports["nginx"]),
            )
        )
        procs.append(
            subprocess.Popen(
                [NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder)],
                stdout=open(folder / "nginx.out", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        for port in (ports["a"], ports["b"], ports["nginx"]):
            wait_for(f"http://127.0.0.1:{port}/healthz", 180, procs)
        yield {
            "front": f"http://127.0.0.1:{ports['nginx']}",
            "a": f"http://127.0.0.1:{ports['a']}",
            "b": f"http://127.0.0.1:{ports['b']}",
            "upstreams": {f"127.0.0.1:{ports['a']}", f"127.0.0.1:{ports['b']}"},
            "bucket": bucket,
            "folder": folder,
            "world": world,
        }
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        s3.stop()
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


TEMPLATE_PREFIX = "lvzhi_multi_template_"


def _migrated_template(admin, env: dict, run: dict) -> str:
    """The name of a PostgreSQL database that `manage.py migrate` has migrated, kept between runs as
    the template of the deployment's database and named after the migrations (a changed migration
    gives another digest and a new template; the old one is dropped when no one is using it).
    Migrating an empty database takes most of a minute; copying the template, a second."""
    import psycopg

    template = TEMPLATE_PREFIX + migrations_digest()
    if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone() is None:
        building = f"{template}_{secrets.token_hex(4)}"
        admin.execute(f'CREATE DATABASE "{building}"')
        try:
            url = f"postgres://postgres@127.0.0.1:5432/{building}"
            migrated = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                env={**env, "DATABASE_URL": url},
                **run,
            )
            assert migrated.returncode == 0, migrated.stderr[-3000:]
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        except psycopg.errors.DuplicateDatabase:  # a parallel run made it first
            pass
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{building}"')
    old = admin.execute(
        "SELECT datname FROM pg_database WHERE datname ~ %s AND datname <> %s",
        [f"^{TEMPLATE_PREFIX}[0-9a-f]{{16}}$", template],
    ).fetchall()
    for (name,) in old:
        with contextlib.suppress(psycopg.Error):  # another run (of other migrations) is copying it
            admin.execute(f'DROP DATABASE "{name}"')
    return template


def login(base: str, username: str, password: str = PASSWORD):
    """A browser's login through the login page (CSRF token and all); returns the session."""
    import requests

    browser = requests.Session()
    page = browser.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:500]
    return browser


def api_token(base: str, username: str, password: str = PASSWORD):
    import requests

    return requests.post(f"{base}/api/v1/auth/token", json={"username": username, "password": password}, timeout=30)


def post_page(browser, url: str, **kwargs):
    """A form post from a logged-in page: the CSRF token from its cookie."""
    return browser.post(url, headers={"X-CSRFToken": browser.cookies["csrftoken"]}, timeout=60, **kwargs)


def test_a_session_made_on_one_instance_is_served_by_the_other(deployment):
    staff = deployment["world"]["staff"]
    browser = login(deployment["a"], staff)
    home = browser.get(f"{deployment['b']}/", allow_redirects=False, timeout=30)
    assert home.status_code == 200  # not sent to the login page: B knows A's session
    # through nginx, requests go to both instances in turn, all in the same session
    served = set()
    front = login(deployment["front"], staff)
    for _ in range(4):
        page = front.get(f"{deployment['front']}/", allow_redirects=False, timeout=30)
        assert page.status_code == 200
        assert page.headers["X-Request-ID"]
        served.add(page.headers["X-Upstream"])
    assert served == deployment["upstreams"]


def test_a_file_uploaded_on_one_instance_is_downloaded_from_the_other(deployment):
    world = deployment["world"]
    token = api_token(deployment["a"], world["staff"]).json()["token"]
    import requests

    uploaded = requests.post(
        f"{deployment['a']}/api/v1/meetings/{world['meeting']}/materials",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("议程说明.pdf", PDF, "application/pdf")},
        data={"title": "议程说明"},
        timeout=60,
    )
    assert uploaded.status_code == 201, uploaded.text
    material = uploaded.json()["id"]
    stored = [o.key for o in deployment["bucket"].objects.all()]
    assert any(key.startswith("attachments/") and key.endswith(".pdf") for key in stored)  # in the object store
    assert not list(deployment["folder"].glob("var-*/media/**/*.pdf"))  # and on no instance's disk
    browser = login(deployment["b"], world["staff"])
    download = post_page(browser, f"{deployment['b']}/meetings/materials/{material}/read/")
    assert download.status_code == 200
    assert download.content == PDF


def test_failed_logins_on_both_instances_count_towards_one_lockout(deployment):
    member = deployment["world"]["member"]
    for base in (deployment["a"], deployment["b"], deployment["a"]):  # LVZHI_LOCKOUT_FAILURES=3
        assert api_token(base, member, "not-the-password-1").status_code == 401
    assert api_token(deployment["b"], member).status_code == 401  # locked: the right password is refused
    assert api_token(deployment["front"], member).status_code == 401


def test_an_export_queued_by_one_instance_is_run_by_the_worker(deployment):
    import requests

    world = deployment["world"]
    browser = login(deployment["a"], world["staff"])
    queued = browser.get(f"{deployment['a']}/activities/?export=xlsx", allow_redirects=False, timeout=60)
    assert queued.status_code == 302, queued.text[:500]
    job = int(re.search(r"/jobs/(\d+)/", queued.headers["Location"]).group(1))
    token = api_token(deployment["b"], world["staff"]).json()["token"]
    deadline = time.monotonic() + 180
    state = {}
    while time.monotonic() < deadline:
        state = requests.get(
            f"{deployment['b']}/api/v1/jobs/{job}", headers={"Authorization": f"Bearer {token}"}, timeout=30
        ).json()
        if state.get("file_url"):
            break
        time.sleep(1)
    assert state.get("file_url"), state
    result = browser.get(f"{deployment['b']}{state['file_url']}", timeout=60)
    assert result.status_code == 200
    assert result.content[:2] == b"PK"  # an xlsx workbook, written to the object store by the worker
    assert any(o.key.startswith("jobs/") for o in deployment["bucket"].objects.all())


def test_nginx_does_not_pass_metrics_on(deployment):
    import requests

    assert requests.get(f"{deployment['front']}/metrics", timeout=30).status_code == 404


def test_each_instance_serves_the_metrics_of_its_workers(deployment):
    import requests
    from prometheus_client.parser import text_string_to_metric_families

    failures, healthz = 0.0, 0.0
    for base in (deployment["a"], deployment["b"]):
        scraped = requests.get(f"{base}/metrics", timeout=30)
        assert scraped.status_code == 200
        samples = [s for f in text_string_to_metric_families(scraped.text) for s in f.samples]
        names = {s.name for s in samples}
        assert {"lvzhi_request_queries_count", "lvzhi_request_sql_duration_seconds_sum"} <= names
        assert {"lvzhi_task_queue_depth", "lvzhi_task_queue_oldest_age_seconds"} <= names
        failures += sum(s.value for s in samples if s.name == "lvzhi_login_failures_total")
        healthz += sum(
            s.value
            for s in samples
            if s.name == "lvzhi_request_duration_seconds_count" and s.labels["route"] == "/healthz"
        )
    assert failures >= 3  # the wrong passwords sent to A and B in the lockout test
    assert healthz >= 3  # the start-up checks, through nginx and directly
