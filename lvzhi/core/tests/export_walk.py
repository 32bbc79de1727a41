"""The walk over every export of the demo, shared by the export tests.

Two tests ask for every export of the demo: test_background_exports (above the threshold each one
is made by its background job) and test_xlsx_exports (no file holds a cell a spreadsheet would
run). The exports of the demo's largest lists (the audit log, the activities, the service records)
take a minute or more to write: the walk is made once per test process, with text a spreadsheet
would run planted in the records and the background threshold below every export's size, and both
tests read what it found. The walk runs inside the transaction of the first test that asks for it;
each test plants the same text in its own transaction too (`plant`), for what it asks for itself.

Every path comes from the registry and the URL patterns: every route without arguments whose view
can export (`plain_routes`), the records behind one figure of each module, and the exports that
need a record or a query of their own."""

import inspect
from dataclasses import dataclass, field

from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.module_loading import import_string

from lvzhi.accounts.models import User
from lvzhi.core import registry
from lvzhi.core.models import AuditEntry
from lvzhi.jobs.choices import JobState
from lvzhi.jobs.models import Job
from lvzhi.org.models import Committee, Member, Sector
from lvzhi.org.tests.api_support import session_client

PLANTED = {
    "name": '=HYPERLINK("http://evil.example","点此")',
    "workplace": "+1+cmd|' /C calc'!A0",
    "title": "-2+3",
    "sector": "@SUM(1,2)",
}
# Files that hold no records: the member import template (its header and the accepted values).
NO_RECORDS = ("/org/members/import/template/",)
USERS = ("wuwei_staff", "auditor")  # the auditor asks only for the pages under /admin/ and /accounts/


def plant(committee) -> None:
    """Text a spreadsheet would run, in the records of `committee` that the exports show."""
    Committee.objects.filter(pk=committee.pk).update(short_name="=武威")  # the year pack's column heading
    members = Member.objects.filter(committee=committee).order_by("pk")[:5]
    Member.objects.filter(pk__in=[m.pk for m in members]).update(name=PLANTED["name"], workplace=PLANTED["workplace"])
    Sector.objects.filter(pk=Sector.objects.filter(committee=committee).order_by("pk").first().pk).update(
        name=PLANTED["sector"]
    )
    # every record kind with a title that some list exports
    for label in ("proposals.Proposal", "opinions.OpinionReport", "notices.Notice", "learning.StudyMaterial"):
        model = registry.FileHolder(label, "pk").model_class
        model._default_manager.filter(committee=committee).update(title=PLANTED["title"])


def _exports(view) -> bool:
    """Whether the view's module can export at all (so that pages which cannot are not rendered)."""
    module = inspect.getmodule(inspect.unwrap(view))
    source = inspect.getsource(module) if module else ""
    return "xlsx" in source or ".export(" in source or "export_name" in source


def plain_routes(patterns=None, prefix=""):
    """Every route without arguments whose view can export, as a path."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if "<" not in route:
                yield from plain_routes(pattern.url_patterns, prefix + route)
        elif (
            isinstance(pattern, URLPattern)
            and "<" not in route
            and not route.startswith("^")
            and _exports(pattern.callback)
        ):
            yield "/" + prefix + route


def export_paths(committee) -> list[str]:
    """Every export of the demo as a path: every plain route's ?export=xlsx, the records behind a
    figure of each module, the per-record sheets, the year-end pack, the import template, the
    proposal compilation."""
    first = {
        label: registry.FileHolder(label, "pk").model_class._default_manager.filter(committee=committee).first()
        for label in ("activities.Activity", "notices.Notice", "learning.StudyMaterial")
    }
    paths = [f"{path}?export=xlsx" for path in plain_routes()]
    paths += [
        "/opinions/export.xlsx",
        "/stats/year-pack/?download=1&committee=620600&period=year:2024",
        "/stats/regulations/?format=xlsx",
        "/org/members/import/template/?committee=620600",
        "/proposals/compilation.docx",
        "/proposals/overview.xlsx",
        "/proposals/performance/?export=xlsx",
        f"/activities/{first['activities.Activity'].pk}/attendance.xlsx",
        f"/notices/{first['notices.Notice'].pk}/receipts/?export=xlsx",
        f"/learning/{first['learning.StudyMaterial'].pk}/completion/?export=xlsx",
    ]
    paths += [
        f"/stats/figures/{key}/?committee=620600&period=year:2024&format=xlsx"
        for key in {f.module_key: f.key for f in registry.figures().values()}.values()
    ]
    return paths


def paths_for(username: str, paths: list[str]) -> list[str]:
    return paths if username != "auditor" else [p for p in paths if p.startswith(("/admin/", "/accounts/"))]


def is_file(response) -> bool:
    return response.status_code == 200 and "attachment" in response.get("Content-Disposition", "")


def job_of(response) -> Job | None:
    """The background job a response sends its user to, if it does."""
    location = response.get("Location", "") if response.status_code == 302 else ""
    if not location.startswith("/jobs/"):
        return None
    return Job.objects.get(pk=int(location.strip("/").split("/")[-1]))


@dataclass
class Walk:
    """What the walk found. `by_job`: the files the background jobs made, by path, each with its
    content type; `in_request`: the files a request answered itself (below any threshold);
    `failed`: the jobs that made no file (path, state, error); `broken`: the requests answered
    with a server error (user, path); `audited`: the object types of the export audit entries."""

    by_job: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    in_request: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    failed: list = field(default_factory=list)
    broken: list = field(default_factory=list)
    audited: set[str] = field(default_factory=set)


def walk_every_export(media_root) -> Walk:
    """Ask for every export as the office and as the auditor with the background thresholds below
    every export's size, and run each job the request answers with, as the worker would."""
    wuwei = Committee.objects.get(code="620600")
    plant(wuwei)
    found = Walk()
    with override_settings(MEDIA_ROOT=media_root, EXPORT_BACKGROUND_ROWS=-1, DOCUMENT_BACKGROUND_ITEMS=-1):
        paths = export_paths(wuwei)
        for username in USERS:
            user = User.objects.get(username=username)
            client = session_client(user)
            client.raise_request_exception = False
            for path in paths_for(username, paths):
                response = client.get(path)
                if response.status_code >= 500:
                    found.broken.append((username, path))
                if is_file(response):
                    found.in_request[path] = (response["Content-Type"], response.content)
                    continue
                job = job_of(response)
                if job is None:
                    continue  # not an export this user may ask for
                assert job.owner_id == user.pk, (path, job.owner_id)
                import_string(job.task_path).call(job.pk)
                job.refresh_from_db()
                download = client.get(f"/jobs/{job.pk}/file/")
                if download.status_code >= 500:
                    found.broken.append((username, f"/jobs/{job.pk}/file/ for {path}"))
                if job.state != JobState.SUCCEEDED or download.status_code != 200:
                    found.failed.append((path, job.state, job.last_error))
                    continue
                found.by_job[path] = (download["Content-Type"], b"".join(download.streaming_content))
    found.audited = set(AuditEntry.objects.filter(action__startswith="export.").values_list("object_type", flat=True))
    return found


_walk: Walk | None = None


def every_export(media_root) -> Walk:
    """The walk, made once per test process (see the module docstring); the text planted in the
    current test's records as well."""
    global _walk
    if _walk is None:
        _walk = walk_every_export(media_root)
    else:
        plant(Committee.objects.get(code="620600"))
    return _walk
