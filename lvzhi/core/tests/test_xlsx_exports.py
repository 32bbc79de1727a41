"""Every xlsx the platform writes goes through core's one writer (`core.exports.XlsxWriter`), which
stores text a spreadsheet would run (beginning with = + - @) as text. The walk plants such text
in the demo's records, downloads every export the office and the auditor can ask for (every
list's ?export=xlsx, the records behind a figure, the year-end data pack, the import
template, the per-record sheets), and finds no cell a spreadsheet would run."""

import ast
import inspect
import io
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.module_loading import import_string
from openpyxl import load_workbook

from lvzhi.accounts.models import User
from lvzhi.core import exports, registry
from lvzhi.core.exports import FORMULA_STARTS, XlsxWriter, safe_cell
from lvzhi.jobs.models import Job
from lvzhi.org.models import Committee, Member, Sector
from lvzhi.org.tests.api_support import session_client

LVZHI = Path(__file__).resolve().parents[2]
PLANTED = {
    "name": '=HYPERLINK("http://evil.example","点此")',
    "workplace": "+1+cmd|' /C calc'!A0",
    "title": "-2+3",
    "sector": "@SUM(1,2)",
}


def test_only_core_exports_creates_workbooks():
    """No module writes an xlsx of its own (reading one, as the member import does, is fine)."""
    writers = []
    for path in LVZHI.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path == Path(exports.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                names = {alias.name for alias in node.names}
                if names - {"load_workbook"}:
                    writers.append((str(path.relative_to(LVZHI)), sorted(names)))
    assert writers == []


def test_the_writer_stores_formula_text_as_text():
    writer = XlsxWriter()
    writer.sheet("表").row(["=1+1", "+A1", "-A1", "@A1", "-", -3, None, "普通"])
    cells = [c.value for c in next(load_workbook(io.BytesIO(writer.bytes())).active.iter_rows())]
    assert cells == ["'=1+1", "'+A1", "'-A1", "'@A1", "-", -3, None, "普通"]
    assert safe_cell("=x") == "'=x" and safe_cell(5) == 5


def _followed_to_file(client, response):
    """A long export answers with its background job's page: run the job here, as the worker would,
    and answer with the file the job made."""
    location = response.get("Location", "") if response.status_code == 302 else ""
    if not location.startswith("/jobs/"):
        return response
    job = Job.objects.get(pk=int(location.strip("/").split("/")[-1]))
    import_string(job.task_path).call(job.pk)
    download = client.get(f"/jobs/{job.pk}/file/")
    if download.status_code != 200:
        return download
    return HttpResponse(b"".join(download.streaming_content), content_type=download["Content-Type"])


def _exports(view) -> bool:
    """Whether the view's module can export at all (so that pages which cannot are not rendered)."""
    module = inspect.getmodule(inspect.unwrap(view))
    source = inspect.getsource(module) if module else ""
    return "xlsx" in source or ".export(" in source or "export_name" in source


def _plain_routes(patterns=None, prefix=""):
    """Every route without arguments whose view can export, as a path."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if "<" not in route:
                yield from _plain_routes(pattern.url_patterns, prefix + route)
        elif (
            isinstance(pattern, URLPattern)
            and "<" not in route
            and not route.startswith("^")
            and _exports(pattern.callback)
        ):
            yield "/" + prefix + route


def _unsafe_cells_and_escaped_plants(content: bytes) -> tuple[list, set[str]]:
    """The cells a spreadsheet would run, and which planted texts came out escaped (the workbook
    read once for both)."""
    book = load_workbook(io.BytesIO(content))
    bad, values = [], set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or (isinstance(value, str) and value[:1] in FORMULA_STARTS and len(value) > 1):
                    bad.append((sheet.title, cell.coordinate, value))
                if isinstance(value, str):
                    values.add(value)
    return bad, {key for key, text in PLANTED.items() if "'" + text in values}


@pytest.mark.django_db
def test_every_export_escapes_cells_a_spreadsheet_would_run(shared_demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the files of the exports that run as background jobs
    wuwei = Committee.objects.get(code="620600")
    Committee.objects.filter(pk=wuwei.pk).update(short_name="=武威")  # the year pack's column heading
    members = Member.objects.filter(committee=wuwei).order_by("pk")[:5]
    Member.objects.filter(pk__in=[m.pk for m in members]).update(name=PLANTED["name"], workplace=PLANTED["workplace"])
    Sector.objects.filter(pk=Sector.objects.filter(committee=wuwei).order_by("pk").first().pk).update(
        name=PLANTED["sector"]
    )
    # every record kind with a title that some list exports
    for label in ("proposals.Proposal", "opinions.OpinionReport", "notices.Notice", "learning.StudyMaterial"):
        model = registry.FileHolder(label, "pk").model_class
        model._default_manager.filter(committee=wuwei).update(title=PLANTED["title"])

    first = {
        label: registry.FileHolder(label, "pk").model_class._default_manager.filter(committee=wuwei).first()
        for label in ("activities.Activity", "notices.Notice", "learning.StudyMaterial")
    }
    paths = [f"{path}?export=xlsx" for path in _plain_routes()]
    paths += [
        "/opinions/export.xlsx",
        "/stats/year-pack/?download=1&committee=620600&period=year:2024",
        "/stats/regulations/?format=xlsx",
        "/org/members/import/template/?committee=620600",
        f"/activities/{first['activities.Activity'].pk}/attendance.xlsx",
        f"/notices/{first['notices.Notice'].pk}/receipts/?export=xlsx",
        f"/learning/{first['learning.StudyMaterial'].pk}/completion/?export=xlsx",
    ]
    paths += [
        f"/stats/figures/{key}/?committee=620600&period=year:2024&format=xlsx"
        for key in {f.module_key: f.key for f in registry.figures().values()}.values()
    ]
    files, escaped, broken = {}, set(), []
    for username in ("wuwei_staff", "auditor"):
        client = session_client(User.objects.get(username=username))
        client.raise_request_exception = False
        for path in paths if username != "auditor" else [p for p in paths if p.startswith(("/admin/", "/accounts/"))]:
            response = _followed_to_file(client, client.get(path))
            if response.status_code >= 500:
                broken.append((username, path))
            if response.status_code != 200 or response["Content-Type"] != exports.XLSX:
                continue
            files[path], plants = _unsafe_cells_and_escaped_plants(response.content)
            escaped |= plants
    assert {path: bad for path, bad in files.items() if bad} == {}
    # the walk reached the exports, and the planted text came out escaped
    assert len(files) >= 20, sorted(files)
    assert escaped == set(PLANTED), escaped
    for needed in ("/stats/year-pack/", "/org/members/import/template/", "/org/members/?export", "/opinions/export"):
        assert any(path.startswith(needed) for path in files), (needed, sorted(files))
    assert broken == [], broken  # no export answers 500
