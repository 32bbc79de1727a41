"""xlsx export of a list's current filter, and a docx helper for documents."""

import io
from collections.abc import Callable, Iterable
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

from lvzhi.core import audit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable  # (row) -> cell value
    width: int = 14


def _safe_cell(value):
    """Blocks formula injection: text that a spreadsheet would run is stored as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and len(value) > 1:
        return "'" + value
    return value


def xlsx_bytes(rows: Iterable, columns: list[Column], sheet_title: str = "Sheet1") -> bytes:
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet_title[:31]
    ws.append([str(c.title) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_safe_cell(c.value(row)) for c in columns])
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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
