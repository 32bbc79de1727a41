"""Exports of any size: above LVZHI_EXPORT_BACKGROUND_ROWS a request never writes the workbook; it
answers with a background job, which writes the file row by row to a temporary file and keeps it
for the user who asked. The walk asks for every export of the demo (every list's ?export=xlsx, the
records behind a figure of each module, the per-record sheets, the year-end pack, the proposal
compilation) with the threshold below every export's size, and finds each one answered with its
job; the jobs' audit entries then name every export the modules register."""

import io

import pytest
from openpyxl import load_workbook

from lvzhi.core import exports, registry
from lvzhi.core.exports import Column, XlsxWriter
from lvzhi.core.tests.export_walk import NO_RECORDS, every_export

# Registered exports that are one record's document (a proposal's form, a meeting's seating chart,
# speech booklet or ballots, one member's duty record, one summary): bounded by that record, made in
# the request.
ONE_RECORD = {
    "proposals.form",
    "meetings.seating_chart",
    "meetings.speech_booklet",
    "meetings.ballot_sheets",
    "duties.record",
    "stats.summary",
}
# Registered exports whose audit entry names them otherwise: the proposal list and the compilation
# are audited as "proposals" (the compilation's entry is an export.docx).
AUDITED_AS = {"proposals.list": "proposals", "proposals.compilation": "proposals"}


@pytest.mark.django_db
def test_above_the_threshold_every_export_is_made_by_a_background_job(shared_demo, tmp_path):
    """The walk (export_walk.py) asks for every export with the thresholds below every export's
    size (an empty one's too) and runs the job each request answers with."""
    walk = every_export(tmp_path)
    # no request wrote a file itself (but the import template's, which holds no records)
    assert [path for path in walk.in_request if not path.startswith(NO_RECORDS)] == []
    assert walk.failed == []
    jobs = {path: content for path, (_type, content) in walk.by_job.items()}
    assert len(jobs) >= 40, sorted(jobs)
    for path in ("/proposals/?export", "/org/members/?export", "/stats/year-pack/", "/proposals/compilation.docx"):
        assert any(p.startswith(path) for p in jobs), (path, sorted(jobs))
    # the files the jobs made are whole workbooks (and documents)
    for path, content in jobs.items():
        if path.startswith("/proposals/compilation.docx"):
            assert content[:2] == b"PK"
            continue
        assert load_workbook(io.BytesIO(content), read_only=True).sheetnames, path
    # every export a module registers was reached, and made by a job
    registered = {key for module in registry.modules() for key in module.exports}

    def reached(key):
        named = AUDITED_AS.get(key, key)
        return any(kind == named or kind.startswith(named + ".") for kind in walk.audited)

    assert sorted(key for key in registered - ONE_RECORD if not reached(key)) == []


def test_the_streamed_workbook_keeps_layout_types_and_validations():
    """Written row by row, a sheet still has its widths, frozen header, bold header, text-typed
    columns (empty typed cells up to the row asked for) and list validations."""
    writer = XlsxWriter()
    sheet = writer.sheet("委员")
    sheet.widths({1: 22, 2: 10})
    sheet.freeze_header()
    sheet.row(["身份证号", "性别"], bold=True)
    sheet.text_column(1, 5)
    sheet.choices(2, ["男", "女"], 5)
    sheet.row(["620102199001011234", "男"])
    with pytest.raises(RuntimeError):
        sheet.widths({3: 12})  # a width after the rows cannot be written any more
    book = load_workbook(io.BytesIO(writer.bytes()))
    ws = book["委员"]
    assert ws.freeze_panes == "A2"
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (22, 10)
    assert ws["A1"].font.b and not ws["A2"].font.b
    assert [ws.cell(row=r, column=1).number_format for r in range(2, 6)] == ["@"] * 4
    assert ws["A2"].value == "620102199001011234" and ws.max_row == 5
    (check,) = ws.data_validations.dataValidation
    assert (check.type, check.formula1, str(check.sqref)) == ("list", '"男,女"', "B2:B5")


def test_an_export_streams_a_generator_of_rows_it_never_holds():
    """A 50,000-row export from a generator: every row is in the file, in order, under its header."""
    rows = ({"n": n, "text": f"=第{n}行"} for n in range(50_000))
    columns = [Column("序号", lambda r: r["n"], 8), Column("内容", lambda r: r["text"], 20)]
    content = exports.xlsx_bytes(rows, columns, sheet_title="大表")
    ws = load_workbook(io.BytesIO(content), read_only=True)["大表"]
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == ("序号", "内容") and len(values) == 50_001
    assert values[1] == (0, "'=第0行") and values[-1] == (49_999, "'=第49999行")
