"""xlsx export of a list's current filter through the platform's one xlsx writer (`XlsxWriter`,
which escapes every cell a spreadsheet would run as a formula), and a docx helper for documents."""

import io
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lvzhi.core import audit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable  # (row) -> cell value
    width: int = 14


FORMULA_STARTS = ("=", "+", "-", "@")

# --- Background exports -----------------------------------------------------------------------------
# A large export runs as a background job (lvzhi/jobs): the job runs the same view as its owner,
# inside `background(report)`, so the view writes the file instead of handing it on again, and the
# writer reports its progress to the job.

_background: ContextVar[Callable | None] = ContextVar("lvzhi_export_background", default=None)


@contextmanager
def background(report: Callable[[int, int], None]):
    """Inside: an export running as a job; `report(done, total)` receives its progress."""
    token = _background.set(report)
    try:
        yield
    finally:
        _background.reset(token)


def in_background() -> bool:
    return _background.get() is not None


def report_progress(done: int, total: int) -> None:
    """Tell the job running this export how far it got (nothing outside a job)."""
    report = _background.get()
    if report is not None and total > 0:
        report(done, total)


def safe_cell(value):
    """Blocks formula injection: text that a spreadsheet would run (beginning with = + - @) is
    stored as text, behind an apostrophe."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and len(value) > 1:
        return "'" + value
    return value


class XlsxSheet:
    """One sheet of an `XlsxWriter`. Values go in only through `row`, which escapes every cell;
    the layout helpers never write a value."""

    def __init__(self, ws):
        self._ws = ws

    def row(self, values: Iterable = (), *, bold: bool = False) -> None:
        self._ws.append([safe_cell(value) for value in values])
        if bold:
            for cell in self._ws[self._ws.max_row]:
                cell.font = Font(bold=True)

    def widths(self, widths: dict[int, int]) -> None:
        """Column widths by column number (1 = A)."""
        for index, width in widths.items():
            self._ws.column_dimensions[get_column_letter(index)].width = width

    def freeze_header(self) -> None:
        self._ws.freeze_panes = "A2"

    def text_column(self, index: int, rows: int) -> None:
        """Cells 2..rows of the column typed as text (so a spreadsheet keeps every digit of an ID)."""
        for row in range(2, rows + 1):
            self._ws.cell(row=row, column=index).number_format = "@"

    def choices(self, index: int, options: list[str], rows: int) -> None:
        """Cells 2..rows of the column offer these options (a list validation, blanks allowed)."""
        letter = get_column_letter(index)
        listed = ",".join(str(option).replace('"', "") for option in options)
        check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        check.add(f"{letter}2:{letter}{rows}")
        self._ws.add_data_validation(check)


class XlsxWriter:
    """The platform's one xlsx writer: every workbook it produces (list exports, the year-end data
    pack, the import template) is written here, and every cell passes through `safe_cell`."""

    def __init__(self):
        self._wb = Workbook()
        self._fresh = True

    def sheet(self, title: str) -> XlsxSheet:
        title = str(title)[:31]
        if self._fresh:  # the workbook's first, empty sheet
            ws, self._fresh = self._wb.active, False
            ws.title = title
        else:
            ws = self._wb.create_sheet(title)
        return XlsxSheet(ws)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._wb.save(buffer)
        return buffer.getvalue()


def xlsx_bytes(rows: Iterable, columns: list[Column], sheet_title: str = "Sheet1") -> bytes:
    writer = XlsxWriter()
    sheet = writer.sheet(sheet_title)
    sheet.row([str(c.title) for c in columns], bold=True)
    total = len(rows) if hasattr(rows, "__len__") else 0
    for done, row in enumerate(rows, start=1):
        sheet.row([c.value(row) for c in columns])
        if done % 500 == 0:
            report_progress(done, total)
    sheet.widths({index: column.width for index, column in enumerate(columns, start=1)})
    sheet.freeze_header()
    return writer.bytes()


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_response(
    *, actor, rows, columns, filename: str, what: str, filters: dict | None = None, committee=None
) -> HttpResponse:
    """Export and audit it (what was exported and with which filter)."""
    rows = list(rows)
    content = xlsx_bytes(rows, columns, sheet_title=what)
    audit.record(
        "export.xlsx",
        actor=actor,
        committee=committee,
        object_type=what,
        after={"filters": filters or {}, "rows": len(rows), "file": filename},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return download(content, f"{filename}-{stamp}.xlsx", XLSX)


def new_document(title: str | None = None) -> Document:
    """An A4 document in the official layout: 仿宋 body at 三号 (16pt), title in 小标宋 style."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    if title:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(title)
        run.font.size = Pt(22)
        run.font.name = "FZXiaoBiaoSong-B05S"
        run.element.rPr.rFonts.set(qn("w:eastAsia"), "方正小标宋简体")
    return doc


def docx_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
