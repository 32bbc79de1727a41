"""Project-wide test set-up: fast password hashing, the SQLite test database migrated once, personas,
browser launch settings, the demo data loaded once per test session, and the OpenAPI document built
once per session."""

import fcntl
import hashlib
import os
import re
import shutil
import time
from collections import defaultdict
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_configure(config):
    from django.conf import settings
    from django.test.utils import override_settings

    # static files straight from their folders (no collectstatic), as ./test asks for too
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], STORAGES=storages).enable()


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject.toml) runs the suite, or a folder of it, on one pytest-xdist worker per
    CPU; a single test file or test runs in one process, where starting workers would cost more
    than it saves. PYTEST_XDIST_AUTO_NUM_WORKERS or -n N choose for themselves."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    if any(arg.split("::")[0].endswith(".py") for arg in config.args):
        return 0
    return None


# --- The SQLite test database, migrated once ------------------------------------------------------
#
# Migrating an empty database takes about 15 s of CPU, in every xdist worker of every run. On SQLite
# the migrated database is kept under var/ as a template named after a digest of every migration
# and the Django version; a worker's test database starts as a copy of it, and the `migrate` that
# pytest-django runs then has nothing to apply (it still checks, and syncs content types and
# permissions). A changed migration gives another digest and a new template. PostgreSQL test
# databases, --create-db and --nomigrations go pytest-django's usual way.


def _migrations_digest() -> str:
    from lvzhi.core.tests.migrations_digest import migrations_digest

    return migrations_digest()


def _migrated_template(folder: Path) -> Path:
    """The migrated SQLite template for the current migrations; built if missing. Call it holding
    the lock."""
    from django.core.management import call_command
    from django.db import connection

    template = folder / f"test-template-{_migrations_digest()}.sqlite3"
    if template.exists():
        return template
    for old in folder.glob("test-template-*.sqlite3*"):
        old.unlink()
    building = template.with_suffix(".building")
    building.unlink(missing_ok=True)
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = str(building)
    try:
        call_command("migrate", run_syncdb=True, interactive=False, verbosity=0, skip_checks=True)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to copy
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
    building.replace(template)
    return template


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_use_migrations, django_db_blocker):
    """pytest-django's --reuse-db; or, on SQLite, a test database copied from the migrated template,
    which pytest-django must then keep instead of recreating (it is deleted at the end)."""
    from django.db import connection

    test_name = connection.settings_dict.get("TEST", {}).get("NAME")
    if request.config.getvalue("reuse_db"):
        yield True
    elif connection.vendor != "sqlite" or not django_db_use_migrations or not test_name or ":memory:" in test_name:
        yield False
    else:
        files = [Path(test_name + end) for end in ("", "-wal", "-shm", "-journal")]
        folder = files[0].parent
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "test-template.lock", "w") as lock, django_db_blocker.unblock():
            fcntl.flock(lock, fcntl.LOCK_EX)  # one process builds the template, the others wait for it
            template = _migrated_template(folder)
            for path in files:  # a stale write-ahead log would be replayed into the copy
                path.unlink(missing_ok=True)
            shutil.copyfile(template, test_name)
        global _layer, _layer_file
        _layer, _layer_file = "empty", template
        yield True
        _layer = None
        for path in files:
            path.unlink(missing_ok=True)


@pytest.fixture
def personas(db):
    """The small world of lvzhi.org.factories.Personas. In the layered SQLite database it is
    already there (the `personas` template): the test gets its own copy of the objects."""
    import itertools
    import pickle

    from lvzhi.org import factories

    if _layer == "personas" and _layer_file == _template_path("personas"):
        personas, serial = pickle.loads(_layer_file.with_suffix(".pickle").read_bytes())
        factories._serial = itertools.count(max(next(factories._serial), serial))
        return personas
    if _layer == "personas":  # laid for another PII key than the one a fixture of the test set since
        _remove_every_row()
    return factories.Personas()


def _remove_every_row():
    """Empty the test database inside the test (content types, permissions and migrations stay)."""
    from django.db import connection, transaction

    kept = {"django_content_type", "auth_permission", "django_migrations"}
    with transaction.atomic(), connection.cursor() as cursor:  # foreign keys are checked at the end
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            if table not in kept:
                cursor.execute(f'DELETE FROM "{table}"')


# --- The demo data and the personas, once per run --------------------------------------------------
#
# Loading every module's demo data takes several seconds of CPU, and building the personas about a
# tenth of a second, for each of the ~1,000 tests that use them. A test that uses the demo asks for
# `shared_demo` (directly or through a fixture of its own); one that uses the personas asks for
# `personas`. Each test runs in a transaction of its own on top of them (as every `db` test does),
# so it never sees another test's writes. The demo tests are collected first, then the live-server
# tests, then the personas tests, then the rest, so that a worker changes what lies under its tests
# a few times only.
#
# On SQLite (the default) the test database is layered: the migrated template (empty), and
# templates built from it once for every run (by the first worker that needs one, while the other
# workers go on with their tests; one lock per kind) — with the demo loaded
# (`test-demo-<digest>.sqlite3`), with the personas (`test-personas-<digest>.sqlite3`), and the
# demo finished as `manage.py demo` leaves it, search index included (`test-loaded-<digest>.sqlite3`,
# built on a copy of the demo's, for `loaded_demo`) — kept under var/ with what their builders
# returned beside them (`.pickle`). The digest covers the migrations, every file of lvzhi/ outside
# tests and the local day, so a change to the code that builds them, or a new day, builds them
# anew. Before each database test, the worker copies the template it needs over its test database
# when that is not what lies there already. A transactional or live-server test commits: what it
# leaves is not known, so the next database test lays its template anew (its tables are emptied
# after it all the same: a worker thread it started may still be reading them). On PostgreSQL the
# demo is loaded inside a transaction that stays open and rolled back when no test needs it any
# more, the personas are built for each test, and a transactional test's tables are flushed after it.

DEMO_FIXTURE = "shared_demo"
_layer = None  # on SQLite: the template the worker's test database is a copy of ("empty", ...), or None
_layer_file = None  # and its file


def _demo_digest() -> str:
    from django.utils import timezone

    digest = hashlib.sha256(_migrations_digest().encode())
    # the demo is built around the day it is loaded (meetings of "today", the year so far): a template
    # of another day (a run after midnight, China time) is built anew
    digest.update(timezone.localdate().isoformat().encode())
    root = Path(__file__).resolve().parent
    digest.update(Path(__file__).read_bytes())
    for path in sorted((root / "lvzhi").rglob("*")):
        parts = set(path.relative_to(root).parts)
        if path.is_file() and not {"tests", "__pycache__", "locale"} & parts:
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _load_every_module(stdout=None):
    """Run every registered module's demo loaders; give what each module's last loader returned
    and how long each module's loaders took."""
    from lvzhi.core import registry

    results, seconds = {}, defaultdict(float)
    for module in registry.modules():
        for loader in module.demo_loaders:
            started = time.monotonic()
            results[module.key] = loader(stdout=stdout)
            seconds[module.key] += time.monotonic() - started
    return results, dict(seconds)


def _build_personas():
    """The personas, and the serial number their factories would give next (make_member derives
    ID numbers and mobiles from it: a test's new member must not repeat a persona's)."""
    from lvzhi.org import factories

    personas = factories.Personas()
    return personas, next(factories._serial)


def _finish_demo():
    """What `manage.py demo` derives after loading (the search index), on the demo template."""
    from lvzhi.core import registry

    for module in registry.modules():
        for finish in module.demo_finishers:
            finish(stdout=None)


_BUILDERS = {"demo": _load_every_module, "personas": _build_personas, "loaded": _finish_demo}
_BASES = {"loaded": "demo"}  # a template built on another's copy instead of the migrated one's
_digest = None


def _template_path(kind: str) -> Path:
    global _digest
    from django.conf import settings
    from django.db import connection

    if kind == "empty":
        return Path(connection.settings_dict["NAME"]).parent / f"test-template-{_migrations_digest()}.sqlite3"
    _digest = _digest or _demo_digest()
    # what it encrypts depends on the key too (a test may set its own PII_KEY)
    key = hashlib.sha256(f"{settings.PII_KEY}|{settings.SECRET_KEY}".encode()).hexdigest()[:8]
    return Path(connection.settings_dict["NAME"]).parent / f"test-{kind}-{_digest}-{key}.sqlite3"


def _layer_template(kind: str) -> Path:
    """The SQLite template of `kind` ("empty", "demo", "personas" or "loaded"), built if missing (by
    one worker; the others that need it wait for it). A built one holds what its builder made,
    committed, and has beside it (`.pickle`) what the builder returned."""
    import pickle

    from django.db import connection, transaction

    folder = _template_path(kind).parent
    with open(folder / "test-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        base = _migrated_template(folder)
    template = _template_path(kind)
    if kind == "empty" or template.exists():
        return template
    if kind in _BASES:
        base = _layer_template(_BASES[kind])
    # one lock per kind: a worker that needs the personas need not wait while another loads the demo
    with open(folder / f"test-template-{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if template.exists():  # built by another worker while this one waited
            return template
        for old in folder.glob(f"test-{kind}-*"):
            if not old.name.startswith(f"test-{kind}-{_digest}-"):  # another key's stays
                old.unlink()
        building = template.with_suffix(".building")
        shutil.copyfile(base, building)
        name = connection.settings_dict["NAME"]
        connection.close()
        connection.settings_dict["NAME"] = str(building)
        try:
            with transaction.atomic():
                made = _BUILDERS[kind]()
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to copy
        finally:
            connection.close()
            connection.settings_dict["NAME"] = name
        template.with_suffix(".pickle").write_bytes(pickle.dumps(made))
        building.replace(template)
        return template


def _layer_wanted(request) -> str:
    names = set(request.fixturenames)
    if "loaded_demo" in names:
        return "loaded"
    if {DEMO_FIXTURE, "committed_demo"} & names:
        return "demo"
    return "personas" if "personas" in names else "empty"


def _leaves_committed_data(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    return transactional or bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture
def _database_layer(request, django_db_setup, django_db_blocker):
    """On SQLite, put the template this test needs under it (before its transaction starts)."""
    global _layer, _layer_file
    from django.db import connection

    if _layer is not None:
        wanted = _layer_wanted(request)
        # the same kind built for another key (a test may set its own PII_KEY) is another template
        if wanted != _layer or _layer == "dirty" or _layer_file != _template_path(wanted):
            with django_db_blocker.unblock():
                template = _layer_template(wanted)
                connection.close()
                target = Path(connection.settings_dict["NAME"])
                for end in ("-wal", "-shm", "-journal"):
                    Path(str(target) + end).unlink(missing_ok=True)
                # a new file, not the old one overwritten: a connection another thread left open
                # keeps the old file (and its locks) to itself
                # named after the worker's own file: `with_suffix` would make test<x>.sqlite3_gw0 and
                # _gw1 both test<x>.copy, one worker renaming the other's copy away
                copy = target.with_name(target.name + ".copy")
                shutil.copyfile(template, copy)
                copy.replace(target)
            _layer, _layer_file = wanted, _template_path(wanted)
    yield
    if _layer is not None and _leaves_committed_data(request):
        _layer = "dirty"


@pytest.fixture
def _django_db_helper(_database_layer, _django_db_helper):
    """pytest-django's database set-up for a test, after the layer it needs is in place."""
    return _django_db_helper


@pytest.fixture(scope="session", autouse=True)
def flush_after_transactional_tests():
    """The flush that empties every table after a transactional or live-server test
    (`TransactionTestCase`):

    - on SQLite it runs with the foreign-key checks off, and on again right after: emptying every
      table leaves no reference dangling, and checking each deleted row of the demo's ~120 MB against
      the tables that refer to it takes more than half of the flush. The same statements run (every
      table emptied, the sequences as before) and what follows them (the content types and
      permissions made again) runs with the checks on;
    - on PostgreSQL, where its TRUNCATE takes every table's exclusive lock, a request the browser
      still had in flight on the live server can deadlock with it (seen once under load): the server
      picks one of the two to fail, and a flush that was picked is run again (it is one transaction:
      nothing of the failed one is left)."""
    from django.db import OperationalError, connection

    if connection.vendor == "sqlite":
        from django.db.backends.sqlite3.base import DatabaseWrapper

        def around(self, sql_list):
            with self.connection.constraint_checks_disabled():  # a no-op inside a transaction
                execute(self, sql_list)

    elif connection.vendor == "postgresql":
        from django.db.backends.postgresql.base import DatabaseWrapper

        def around(self, sql_list):
            for attempt in range(3):
                try:
                    return execute(self, sql_list)
                except OperationalError as exc:
                    if "deadlock detected" not in str(exc) or attempt == 2:
                        raise
                    time.sleep(0.5)

    else:
        yield
        return
    DatabaseOperations = DatabaseWrapper.ops_class
    execute = DatabaseOperations.execute_sql_flush
    DatabaseOperations.execute_sql_flush = around
    yield
    DatabaseOperations.execute_sql_flush = execute


class DemoData:
    """The demo data of every registered module.

    `seconds[key]` is how long module `key`'s loaders took, `results[key]` what its last loader
    returned (for example the counts of what it made)."""

    def __init__(self, blocker):
        self._blocker = blocker
        self._atomic = None
        self.seconds: dict[str, float] = {}
        self.results: dict[str, object] = {}

    @property
    def loaded(self) -> bool:
        return self._atomic is not None

    def load(self) -> None:
        """On PostgreSQL: load the demo inside a transaction that stays open."""
        from django.db import connection, transaction

        if self.loaded:
            return
        with self._blocker.unblock():
            atomic = transaction.atomic()
            atomic._from_testcase = True  # as django.test.TestCase's own: durable blocks may nest in it
            atomic.__enter__()
            self._atomic = atomic
            self.results, self.seconds = _load_every_module()
            # Fire the demo's deferred foreign-key checks once, here: left pending, every test's
            # constraint check (inside its savepoint, rolled back after it) would run them all again.
            connection.check_constraints()
            # The planner's statistics of the demo's tables, inside the same transaction (rolled back
            # with it): without them PostgreSQL takes the freshly filled tables for empty and plans
            # the ledger's INSERT … SELECT over the demo's attendance as nested loops of minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def roll_back(self) -> None:
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection, transaction

        if not self.loaded:
            return
        atomic, self._atomic = self._atomic, None
        with self._blocker.unblock():
            if connection.in_atomic_block:  # else the connection was closed, and the demo with it
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
            # PostgreSQL's sequences ignore the rollback: set them back too, so that the next tests
            # get the ids they would have got without the demo (SQLite's roll back with the rest).
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                    cursor.execute(sql)


_demo: DemoData | None = None


@pytest.fixture(scope="session")
def shared_demo(django_db_setup, django_db_blocker):
    """Every registered module's demo data (what `manage.py demo` loads), shared by the tests that
    ask for it. On SQLite the demo template lies under each of those tests; on PostgreSQL the demo is
    loaded here, before any test's own transaction starts, and rolled back at the end."""
    global _demo
    import pickle

    demo = DemoData(django_db_blocker)
    if _layer is not None:
        with django_db_blocker.unblock():
            template = _layer_template("demo")
        demo.results, demo.seconds = pickle.loads(template.with_suffix(".pickle").read_bytes())
        yield demo
        return
    _demo = demo
    _demo.load()
    yield _demo
    _demo.roll_back()
    _demo = None


@pytest.fixture
def committed_demo(transactional_db):
    """Every module's demo data committed, for tests whose other connections must see it (a live
    server, a subprocess); flushed after the test as `transactional_db` does. On SQLite the demo
    template was copied under the test; elsewhere the loaders run."""
    from django.db import transaction

    if _layer is None:
        with transaction.atomic():
            _load_every_module()


@pytest.fixture
def loaded_demo(committed_demo):
    """The demo as `manage.py demo` leaves it: committed, and with what is derived from every
    module's records (the search index). On SQLite the template of the finished demo was copied
    under the test; elsewhere the finishers run."""
    if _layer is None:
        _finish_demo()


@pytest.fixture
def api(client):
    """Call the API as a user through the session: `api(user, method, path, body=None)` gives
    (status, json) — see lvzhi.core.factories.api_caller."""
    from lvzhi.core.factories import api_caller

    return api_caller(client)


def _uses_demo(item) -> bool:
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    """The demo tests first; then the live-server (browser) tests, the slowest, so that parallel
    workers do not wait for one at the end; then the personas tests; then the rest; each group in
    its collected order.
    A demo test has the database (pytest-django creates it only if a collected test asks for it)."""
    for item in items:
        if _uses_demo(item) and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)
    slow = {"transactional_db", "live_server"}
    items[:] = sorted(
        items,
        key=lambda item: (
            not _uses_demo(item),
            not slow & set(item.fixturenames),
            "personas" not in item.fixturenames,
        ),
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test is set up: roll the demo back for a test that does not use it,
    and load it again for a demo test that comes after such a test."""
    _written_tables.clear()  # the foreign keys checked after the test: where it and its fixtures wrote
    if _demo is None:
        return
    if not _uses_demo(item):
        _demo.roll_back()
    elif {"transactional_db", "live_server"} & set(item.fixturenames):
        pytest.fail(f"{DEMO_FIXTURE} is uncommitted: a transactional or live-server test cannot see it")
    else:
        _demo.load()


# --- Foreign keys checked where a test wrote -------------------------------------------------------
#
# At the end of a test in a transaction (TestCase), Django checks the foreign keys before rolling it
# back (SQLite's are deferred: a test could write a dangling reference that no commit ever refuses).
# It checks the whole database (`PRAGMA foreign_key_check`), which on the demo's reads every table:
# 0.18 s per test. A violation can only be in a table the test wrote
# (a reference written) or in one referring to a table it wrote (the referred row deleted or its key
# changed), so those are the tables checked; none when the test wrote nothing. A statement whose
# table is not read off its start (DDL, a CTE that writes, a pragma) has every table checked.

_written_tables: dict[str, set[str] | None] = {}  # alias -> tables written, None for "any"
_WRITE = re.compile(
    r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I
)
_READ_ONLY = re.compile(
    r"^\s*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|EXPLAIN|PRAGMA\s+\w+\s*(?:\(|;|$))", re.I
)


def _note_writes(execute, sql, params, many, context):
    alias = context["connection"].alias
    match = _WRITE.match(sql)
    if match:
        tables = _written_tables.setdefault(alias, set())
        if tables is not None:
            tables.add(match.group(1).lower())
    elif not _READ_ONLY.match(sql):
        _written_tables[alias] = None
    return execute(sql, params, many, context)


def _referring(connection, tables: set[str]) -> set[str]:
    """The tables with a foreign key to one of `tables`."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        cursor.execute(
            'SELECT m.name, lower(f."table") FROM sqlite_master m, pragma_foreign_key_list(m.name) f '
            "WHERE m.type = 'table'"
        )
        return {child.lower() for child, parent in cursor.fetchall() if parent in tables and child in names}


@pytest.fixture(scope="session", autouse=True)
def foreign_keys_checked_where_written():
    from django.db import connections
    from django.db.backends.signals import connection_created
    from django.db.backends.sqlite3.base import DatabaseWrapper

    def watch(sender, connection, **kwargs):
        if connection.vendor == "sqlite" and _note_writes not in connection.execute_wrappers:
            connection.execute_wrappers.append(_note_writes)

    connection_created.connect(watch, dispatch_uid="lvzhi.conftest.written_tables")
    for conn in connections.all(initialized_only=True):
        watch(None, conn)
    check = DatabaseWrapper.check_constraints

    def check_constraints(self, table_names=None):
        if table_names is None:
            written = _written_tables.pop(self.alias, set())
            if written is not None:  # else a statement wrote where it could not be read: every table
                if not written:
                    return None
                table_names = sorted(written | _referring(self, written))
        return check(self, table_names)

    DatabaseWrapper.check_constraints = check_constraints
    yield
    DatabaseWrapper.check_constraints = check
    connection_created.disconnect(dispatch_uid="lvzhi.conftest.written_tables")


# --- The OpenAPI document, once per session ------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def openapi_built_once():
    """The OpenAPI document depends on the code only (and the language of its texts): build it once
    per session instead of on every GET /api/v1/openapi.json."""
    from django.utils import translation
    from ninja import NinjaAPI

    build = NinjaAPI.get_openapi_schema
    built = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        key = (id(self), path_prefix, tuple(sorted((path_params or {}).items())), translation.get_language())
        if key not in built:
            built[key] = build(self, path_prefix=path_prefix, path_params=path_params)
        return built[key]

    NinjaAPI.get_openapi_schema = get_openapi_schema
    yield
    NinjaAPI.get_openapi_schema = build


# --- Browser tests -------------------------------------------------------------------------------

# Debian's Chromium; its headless build (chromium-headless-shell, as Playwright uses for headless
# runs; ./test installs it) where installed: it needs about half the CPU of the full browser.
CHROMIUM = next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if os.path.exists(path)),
    "/usr/bin/chromium",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def answer_dialogs(context):
    """Irreversible steps ask first (`window.confirm`, lvzhi/static/lvzhi/steps.js). Every browser
    context of the tests answers "确定" and keeps the questions it was asked in `context.dialogs`;
    a test sets `context.decline_dialogs = True` to answer "取消" instead. (Playwright would
    otherwise dismiss every question, and no step would be taken.)"""
    context.dialogs = []
    context.decline_dialogs = False

    def answer(dialog):
        context.dialogs.append(dialog.message)
        if context.decline_dialogs:
            dialog.dismiss()
        else:
            dialog.accept()

    context.on("dialog", answer)
    return context


class _Browser:
    """The launched browser, whose new contexts answer dialogs (`answer_dialogs`)."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        return answer_dialogs(self._browser.new_context(**kwargs))

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield _Browser(browser)
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30000)  # a loaded CI machine runs two workers and Chromium on two cores
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Log a persona in through the login page (an administrator then types the code that the test
    authenticator shows, see lvzhi/accounts/factories.py)."""

    def _login(user, password="Lvzhi-test-2026!"):
        from lvzhi.accounts.factories import totp_code

        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        if not user.has_second_factor:  # wait until the login has landed, not merely started
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
        if user.has_second_factor:
            page.wait_for_url(f"{live_server.url}/accounts/login/verify/")
            page.fill("input[name=code]", totp_code(user))
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return _login


# --- Browser tests on PostgreSQL: the live server's last requests end before the tables are emptied -


@pytest.fixture(autouse=True)
def live_server_requests_done(request):
    """After a test with the live server, wait (at most 10 s) until no other connection to the test
    database is running a statement before pytest-django empties the tables. A page closed right
    after its last navigation may leave a request of its own in flight (the menu's counts fetched
    after load): on PostgreSQL its statement's share locks and the TRUNCATE of the flush then
    deadlock. Torn down before the database fixture (set up after it), after the browser's page."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state = 'active'"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
