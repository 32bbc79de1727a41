"""The docx of a publication's front matter and table of contents (core's official layout): title
page (title, series and volume, editors), the edition notice (publisher or 内部资料准印证号, date,
print run), the foreword, and the contents in order under their sections."""

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from lvzhi.core import audit
from lvzhi.core.exports import docx_bytes, new_document
from lvzhi.core.numerals import chinese


def volume_front_matter(volume, *, actor) -> bytes:
    doc = new_document(volume.series.name if volume.series_id else volume.title)
    if volume.series_id and volume.number:
        para = doc.add_paragraph(_("第%(n)s辑") % {"n": chinese(volume.number)})
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if volume.title:
            sub = doc.add_paragraph(volume.title)
            sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if volume.editors:
        para = doc.add_paragraph(volume.editors)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    notice = doc.add_paragraph()
    lines = []
    if volume.publisher:
        lines.append(_("出版单位：%(p)s") % {"p": volume.publisher})
    if volume.permit_number:
        lines.append(_("内部资料准印证号：%(p)s") % {"p": volume.permit_number})
    if volume.published_on:
        lines.append(_("出版日期：%(y)s年%(m)s月") % {"y": volume.published_on.year, "m": volume.published_on.month})
    if volume.print_run:
        lines.append(_("印数：%(n)s册") % {"n": volume.print_run})
    for i, line in enumerate(lines):
        run = notice.add_run(line)
        run.font.size = Pt(12)
        if i < len(lines) - 1:
            run.add_break()
    if volume.foreword:
        doc.add_page_break()
        heading = doc.add_paragraph(_("前言"))
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text in volume.foreword.splitlines():
            if text.strip():
                doc.add_paragraph(text.strip())
    doc.add_page_break()
    heading = doc.add_paragraph(_("目录"))
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    section = None
    for entry in volume.entries.select_related("manuscript").order_by("position"):
        if entry.section and entry.section != section:
            section = entry.section
            para = doc.add_paragraph()
            para.add_run(section).bold = True
        doc.add_paragraph(f"{entry.manuscript.title}\u3000\u3000{entry.manuscript.author_name}")
    audit.record("export.docx", actor=actor, obj=volume, after={"what": "wenshi.volume_front_matter"})
    return docx_bytes(doc)
