"""Output of a rendered summary as a Word document in the official layout (党政机关公文格式):
A4, title in 方正小标宋简体 二号 (with 华文中宋/宋体 as the fallback Word substitutes when the font is
missing), body in 仿宋_GB2312 三号 (16pt) with a two-character first-line indent and fixed 28pt
line spacing, headings in 黑体, and the page number (a PAGE field) centred in the footer."""

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from lvzhi.core.exports import docx_bytes, new_document

TITLE_FONT = ("FZXiaoBiaoSong-B05S", "方正小标宋简体")
BODY_FONT = ("FangSong", "仿宋_GB2312")
HEADING_FONT = ("SimHei", "黑体")
SUBTITLE_FONT = ("KaiTi", "楷体_GB2312")
# Word substitutes w:altName when a font is not installed.
FALLBACKS = {"方正小标宋简体": "华文中宋", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei"}
RED = RGBColor(0xC0, 0x00, 0x00)


def _font(run, fonts, size=None, bold=None, color=None):
    ascii_name, east_asia = fonts
    run.font.name = ascii_name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _body_format(paragraph, indent=True):
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 16pt


def _page_number_footer(section):
    """Footer: “— PAGE —” centred, in 宋体 四号 (14pt), with a real PAGE field."""
    footer = section.footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def add_text(text):
        run = paragraph.add_run(text)
        _font(run, ("SimSun", "宋体"), size=14)
        return run

    add_text("— ")
    run = add_text("")
    for tag, attrs, text in (
        ("w:fldChar", {"w:fldCharType": "begin"}, None),
        ("w:instrText", {"xml:space": "preserve"}, " PAGE "),
        ("w:fldChar", {"w:fldCharType": "separate"}, None),
        ("w:t", {}, "1"),
        ("w:fldChar", {"w:fldCharType": "end"}, None),
    ):
        element = OxmlElement(tag)
        for name, value in attrs.items():
            element.set(qn(name), value)
        if text is not None:
            element.text = text
        run._r.append(element)
    add_text(" —")


def _font_fallbacks(doc):
    """Declare each Chinese font in the font table with its w:altName (the fallback)."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    w = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def summary_docx(rendered) -> bytes:
    doc = new_document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT[0]
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT[1])
    _font_fallbacks(doc)
    _page_number_footer(doc.sections[0])

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    _font(title.add_run(rendered.title), TITLE_FONT, size=22)
    if rendered.subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.paragraph_format.space_after = Pt(16)
        _font(sub.add_run(rendered.subtitle), SUBTITLE_FONT, size=16)

    for para in rendered.paragraphs:
        paragraph = doc.add_paragraph()
        _body_format(paragraph)
        for part in para.parts:
            if isinstance(part, str):
                run = paragraph.add_run(part)
                _font(run, HEADING_FONT if para.heading else BODY_FONT, size=16)
            else:
                run = paragraph.add_run(part.shown)
                fonts = HEADING_FONT if para.heading else BODY_FONT
                _font(run, fonts, size=16, color=RED if part.marker else None, bold=True if part.marker else None)
    return docx_bytes(doc)
