"""Every xlsx the platform writes goes through core's one writer (`core.exports.XlsxWriter`), which
stores text a spreadsheet would run (beginning with = + - @) as text. The walk (export_walk.py)
plants such text in the demo's records, downloads every export the office and the auditor can ask
for (every list's ?export=xlsx, the records behind a figure, the year-end data pack, the import
template, the per-record sheets) as its background job makes it, and the test asks again, at the
usual threshold, for those a request writes itself; no file has a cell a spreadsheet would run."""

import ast
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lvzhi.accounts.models import User
from lvzhi.core import exports
from lvzhi.core.exports import FORMULA_STARTS, XlsxWriter, safe_cell
from lvzhi.core.tests.export_walk import PLANTED, USERS, every_export, is_file, paths_for
from lvzhi.org.tests.api_support import session_client

LVZHI = Path(__file__).resolve().parents[2]


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


def _unsafe_cells_and_escaped_plants(content: bytes) -> tuple[list, set[str]]:
    """The cells a spreadsheet would run, and which planted texts came out escaped (the workbook
    read once for both, streamed: a formula cell reads as such in read-only mode too)."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    bad, values = [], set()
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if cell.data_type == "f" or (
                        isinstance(value, str) and value[:1] in FORMULA_STARTS and len(value) > 1
                    ):
                        bad.append((sheet.title, cell.coordinate, value))
                    if isinstance(value, str):
                        values.add(value)
    finally:
        book.close()
    return bad, {key for key, text in PLANTED.items() if "'" + text in values}


@pytest.mark.django_db
def test_every_export_escapes_cells_a_spreadsheet_would_run(shared_demo, tmp_path):
    """Every export's file as its background job makes it (the walk of export_walk.py, with the
    threshold below every export's size), and, at the usual threshold, every export small enough to
    be written in the request as the request writes it."""
    walk = every_export(tmp_path)  # the planted text is in this test's records too
    made = {**walk.by_job, **walk.in_request}
    files, escaped, broken = {}, set(), list(walk.broken)
    for path, (content_type, content) in made.items():
        if content_type == exports.XLSX:
            files[path], plants = _unsafe_cells_and_escaped_plants(content)
            escaped |= plants
    for username in USERS:
        client = session_client(User.objects.get(username=username))
        client.raise_request_exception = False
        for path in paths_for(username, list(made)):
            response = client.get(path)
            if response.status_code >= 500:
                broken.append((username, path))
            if is_file(response) and response["Content-Type"] == exports.XLSX:
                files[f"{path} (in the request)"], plants = _unsafe_cells_and_escaped_plants(response.content)
                escaped |= plants
            # an export that answers with its job here is one of the walk's: its job made that file
    assert {path: bad for path, bad in files.items() if bad} == {}
    # the walk reached the exports, and the planted text came out escaped
    assert len(files) >= 20, sorted(files)
    assert any(path.endswith(" (in the request)") for path in files), sorted(files)
    assert escaped == set(PLANTED), escaped
    for needed in ("/stats/year-pack/", "/org/members/import/template/", "/org/members/?export", "/opinions/export"):
        assert any(path.startswith(needed) for path in files), (needed, sorted(files))
    assert walk.failed == []  # every job made its file
    assert broken == [], broken  # no export answers 500
