"""xlsx export of a list's current filter through the platform's one xlsx writer (`XlsxWriter`,
which escapes every cell a spreadsheet would run as a formula), and a docx helper for documents.

The writer streams: a workbook is written row by row (openpyxl's write-only mode keeps no cell
once it is written), from rows read as they are written (a queryset in chunks). An export of more
rows than LVZHI_EXPORT_BACKGROUND_ROWS is not written in the request at all: `xlsx_response`
answers with a background job (lvzhi/jobs/downloads.py), which runs the same view and writes the
file to a temporary file that the job then keeps."""

import io
import itertools
import operator
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lvzhi.core import audit, context, figure_cache, registry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable  # (row) -> cell value
    width: int = 14


# --- Choice labels ------------------------------------------------------------------------------------
# An export shows many rows' choice labels: `choice_label(row, "state")` is the row's
# get_state_display(), looked up in a dict of the field's labels made once per export (Django's
# get_FOO_display() rebuilds and hashes the field's choices, lazy labels and all, on every call).
# The dicts live for one `write_rows` (`labels_cached`), so they are in the export's language.

_labels: ContextVar[dict | None] = ContextVar("lvzhi_export_labels", default=None)


@contextmanager
def labels_cached():
    """Inside: `choice_label` reads each field's labels from a dict made on first use."""
    token = _labels.set({})
    try:
        yield
    finally:
        _labels.reset(token)


def choice_label(obj, field_name: str):
    """The label of obj's choice in `field_name`: what obj.get_<field_name>_display() gives (the
    value itself when it is not a choice). Outside `labels_cached`, that method."""
    cache = _labels.get()
    if cache is None:
        return getattr(obj, f"get_{field_name}_display")()
    key = (type(obj), field_name)
    known = cache.get(key)
    if known is None:
        field = obj._meta.get_field(field_name)
        labels = {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}
        known = cache[key] = (field.attname, labels)
    attname, labels = known
    value = getattr(obj, attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


FORMULA_STARTS = ("=", "+", "-", "@")
CHUNK_ROWS = 2000  # rows read from the database at a time

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


def offload(title: str, rows: int, *, threshold: int | None = None, request=None):
    """For work of more than `threshold` rows (default LVZHI_EXPORT_BACKGROUND_ROWS) asked for in a
    GET request: the answer of the module that runs it as a background job (its page, which offers
    the file when it is ready). None for smaller work, inside that job, outside a request, or when no
    module runs jobs."""
    request = request or context.current_request()
    if request is None or in_background() or request.method != "GET":
        return None
    if rows <= (settings.EXPORT_BACKGROUND_ROWS if threshold is None else threshold):
        return None
    if not registry.is_provided("jobs.offload_download"):
        return None
    return registry.provided("jobs.offload_download")(request, title=title)


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
    """One sheet of an `XlsxWriter`, written row by row. Values go in only through `row`, which
    escapes every cell; the layout helpers never write a value. Column widths and the frozen header
    are written ahead of the rows: set them before the first row."""

    def __init__(self, ws):
        self._ws = ws
        self._rows = 0  # rows written
        self._text: dict[int, int] = {}  # column -> last row typed as text

    def row(self, values: Iterable = (), *, bold: bool = False) -> None:
        self._rows += 1
        cells = [safe_cell(value) for value in values]
        typed = [index for index, last in self._text.items() if 2 <= self._rows <= last]
        if bold or typed:
            cells += [None] * (max(typed, default=0) - len(cells))
            cells = [self._styled(value, bold=bold, text=i in typed) for i, value in enumerate(cells, start=1)]
        self._ws.append(cells)

    def _styled(self, value, *, bold: bool, text: bool):
        if not bold and not text:
            return value
        cell = WriteOnlyCell(self._ws, value)
        if bold:
            cell.font = Font(bold=True)
        if text:
            cell.number_format = "@"
        return cell

    def _before_rows(self, what: str) -> None:
        if self._rows:
            raise RuntimeError(f"{what} must be set before the sheet's first row")

    def widths(self, widths: dict[int, int]) -> None:
        """Column widths by column number (1 = A)."""
        self._before_rows("Column widths")
        for index, width in widths.items():
            self._ws.column_dimensions[get_column_letter(index)].width = width

    def freeze_header(self) -> None:
        self._before_rows("The frozen header")
        self._ws.freeze_panes = "A2"

    def text_column(self, index: int, rows: int) -> None:
        """Cells 2..rows of the column typed as text (so a spreadsheet keeps every digit of an ID);
        for rows not written yet: those to come, and empty typed cells up to `rows` at the end."""
        self._text[index] = max(self._text.get(index, 0), rows)

    def choices(self, index: int, options: list[str], rows: int) -> None:
        """Cells 2..rows of the column offer these options (a list validation, blanks allowed)."""
        letter = get_column_letter(index)
        listed = ",".join(str(option).replace('"', "") for option in options)
        check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        check.add(f"{letter}2:{letter}{rows}")
        self._ws.data_validations.append(check)

    def _close(self) -> None:
        """The typed-as-text cells of rows not written (an import template's empty rows)."""
        while self._rows < max(self._text.values(), default=0):
            self.row()


class XlsxWriter:
    """The platform's one xlsx writer: every workbook it produces (list exports, the year-end data
    pack, the import template) is written here, and every cell passes through `safe_cell`. Rows
    are streamed to temporary files as they are written (openpyxl's write-only mode): a workbook of
    100,000 rows takes no more memory than one of a hundred."""

    def __init__(self):
        self._wb = Workbook(write_only=True)
        self._sheets: list[XlsxSheet] = []

    def sheet(self, title: str) -> XlsxSheet:
        sheet = XlsxSheet(self._wb.create_sheet(str(title)[:31]))
        self._sheets.append(sheet)
        return sheet

    def save(self, target) -> None:
        """The workbook into `target` (a path or a binary file); the writer is done after it."""
        if not self._sheets:
            self.sheet("Sheet")
        for sheet in self._sheets:
            sheet._close()
        self._wb.save(target)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def write_rows(target, rows: Iterable, columns: list[Column], sheet_title: str = "Sheet1", total: int = 0) -> int:
    """The rows as one sheet under a bold header into `target` (a binary file); returns how many
    rows. A queryset is read in chunks of CHUNK_ROWS (its prefetches per chunk); `total`, when
    known, is what the progress of a background job is counted against."""
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=CHUNK_ROWS)
    writer = XlsxWriter()
    sheet = writer.sheet(sheet_title)
    sheet.widths({index: column.width for index, column in enumerate(columns, start=1)})
    sheet.freeze_header()
    sheet.row([str(c.title) for c in columns], bold=True)
    done = 0
    with labels_cached():
        for done, row in enumerate(rows, start=1):
            sheet.row([c.value(row) for c in columns])
            if done % 500 == 0:
                report_progress(done, total)
    writer.save(target)
    return done


def xlsx_bytes(rows: Iterable, columns: list[Column], sheet_title: str = "Sheet1") -> bytes:
    buffer = io.BytesIO()
    total = len(rows) if hasattr(rows, "__len__") and not isinstance(rows, QuerySet) else 0
    write_rows(buffer, rows, columns, sheet_title, total)
    return buffer.getvalue()


def _counted(rows, threshold: int):
    """(rows, how many) without reading more than threshold + 1 of them: a queryset is counted, a
    list measured; of other rows (a generator) the first threshold + 1 are read, and given back."""
    if isinstance(rows, QuerySet):
        return rows, rows.count()
    if hasattr(rows, "__len__"):
        return rows, len(rows)
    rows = iter(rows)
    head = list(itertools.islice(rows, threshold + 1))
    return itertools.chain(head, rows), len(head)


def _attachment(response, filename: str):
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    return _attachment(HttpResponse(content, content_type=content_type), filename)


def download_file(file, filename: str, content_type: str) -> FileResponse:
    """A file made on disk (a background export's temporary file), answered from its start; a job
    keeps it without reading it into memory (lvzhi/jobs/downloads.py)."""
    file.seek(0)
    return _attachment(FileResponse(file, content_type=content_type), filename)


def xlsx_response(
    *,
    actor,
    rows,
    columns,
    filename: str,
    what: str,
    filters: dict | None = None,
    committee=None,
    count: int | None = None,
    kept_for: frozenset[int] | None = None,
) -> HttpResponse:
    """Export and audit it (what was exported and with which filter). More rows than
    LVZHI_EXPORT_BACKGROUND_ROWS: the answer is a background job that makes the file (`offload`),
    which writes it to a temporary file, row by row. `count`: the number of rows (or of the rows
    they are taken from), when the caller already counted them. `kept_for`: the committees the rows
    are of, when `what` and `filters` say everything else they depend on (the columns show nothing
    that depends on who asks): the cells are then kept until a table they were read from is written
    (`figure_cache.kept`), and the next request of the same export writes them without reading."""
    threshold = settings.EXPORT_BACKGROUND_ROWS
    total = count or 0
    if count is None and (not in_background() or isinstance(rows, QuerySet) or hasattr(rows, "__len__")):
        rows, total = _counted(rows, threshold)
    if not in_background():
        handed = offload(_("导出：%(name)s") % {"name": filename}, total, threshold=threshold)
        if handed is not None:
            return handed
    if kept_for is not None and not in_background():
        rows, columns = _kept_cells(rows, columns, what, filters, kept_for)
    # the job keeps the file and closes it (lvzhi/jobs/tasks.py)
    target = tempfile.TemporaryFile() if in_background() else io.BytesIO()  # noqa: SIM115
    written = write_rows(target, rows, columns, sheet_title=what, total=total)
    audit.record(
        "export.xlsx",
        actor=actor,
        committee=committee,
        object_type=what,
        after={"filters": filters or {}, "rows": written, "file": filename},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{filename}-{stamp}.xlsx"
    if in_background():
        return download_file(target, name, XLSX)
    return download(target.getvalue(), name, XLSX)


def _kept_cells(rows, columns, what, filters, committee_ids):
    """The rows' cells (plain values: labels in the current language) from the figure cache or read
    now, and columns that write them as they are."""

    def cells():
        if isinstance(rows, QuerySet):
            read = rows.iterator(chunk_size=CHUNK_ROWS)
        else:
            read = rows
        with labels_cached():
            return [[force_str(c.value(row), strings_only=True) for c in columns] for row in read]

    filters_key = ",".join(f"{k}={v}" for k, v in sorted((filters or {}).items()))
    key = f"export|{what}|{filters_key}|{get_language()}|{'|'.join(str(c.title) for c in columns)}"
    kept = figure_cache.kept(key, committee_ids, cells)
    return kept, [Column(c.title, operator.itemgetter(index), c.width) for index, c in enumerate(columns)]


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


def docx_response(doc: Document, filename: str) -> HttpResponse:
    """The document as a download; inside a background job, from a temporary file."""
    if not in_background():
        return download(docx_bytes(doc), filename, DOCX)
    target = tempfile.TemporaryFile()  # noqa: SIM115 -- the job keeps the file and closes it
    doc.save(target)
    return download_file(target, filename, DOCX)
