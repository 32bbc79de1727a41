"""An issue of 《社情民意》 as a docx in the official layout: the red masthead, the issue number,
the editing office and date over a red rule, the contents, each item with its submitters, and
the distribution line (报：…) at the foot."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from lvzhi.core.exports import new_document
from lvzhi.opinions.choices import IssueKind
from lvzhi.opinions.models import OpinionReport, Sending

RED = RGBColor(0xC0, 0x00, 0x00)


def _font(run, name, east_asian, size, *, bold=False, color=None):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def _rule(paragraph, color="C00000", where="bottom", size=12):
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{where}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)
    ppr.append(borders)


def _centered(doc, text, *, size, east_asian="方正小标宋简体", bold=False, color=None):
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run(text), "FZXiaoBiaoSong-B05S", east_asian, size, bold=bold, color=color)
    return para


def _body(doc, text, *, indent=True):
    for line in [line.strip() for line in (text or "").splitlines() if line.strip()]:
        para = doc.add_paragraph()
        if indent:
            para.paragraph_format.first_line_indent = Pt(32)
        para.paragraph_format.line_spacing = Pt(28)
        _font(para.add_run(line), "FangSong", "仿宋_GB2312", 16)


def issue_document(issue):
    doc = new_document()
    _centered(doc, "社情民意" + ("专报" if issue.kind == IssueKind.SPECIAL else ""), size=42, color=RED)
    _centered(doc, f"{issue.year}年第{issue.number}期", size=16, east_asian="楷体_GB2312")
    masthead = doc.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    office = f"{issue.committee.name}办公室编"
    day = f"{issue.issued_on.year}年{issue.issued_on.month}月{issue.issued_on.day}日"
    _font(masthead.add_run(f"{office}        {day}"), "FangSong", "仿宋_GB2312", 14)
    _rule(masthead)
    if issue.title:
        _centered(doc, issue.title, size=18)
    items = list(OpinionReport.objects.filter(issue=issue).order_by("issue_order", "id").prefetch_related("credits"))
    if len(items) > 1:
        head = doc.add_paragraph()
        _font(head.add_run("本期要目"), "SimHei", "黑体", 16)
        for index, item in enumerate(items, start=1):
            para = doc.add_paragraph()
            _font(para.add_run(f"{index}. {item.title}"), "KaiTi", "楷体_GB2312", 16)
    for item in items:
        doc.add_paragraph()
        _centered(doc, item.title, size=22)
        _body(doc, item.content)
        if item.suggestions.strip():
            para = doc.add_paragraph()
            para.paragraph_format.first_line_indent = Pt(32)
            _font(para.add_run("建议："), "SimHei", "黑体", 16)
            _body(doc, item.suggestions)
        names = "、".join(c.name for c in item.credits.all())
        if names:
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(para.add_run(f"（{names} 供稿）"), "KaiTi", "楷体_GB2312", 16)
    recipients = list(
        Sending.objects.filter(report__issue=issue)
        .values_list("recipient__name", flat=True)
        .distinct()
        .order_by("recipient__name")
    )
    doc.add_paragraph()
    foot = doc.add_paragraph()
    _rule(foot, color="000000", where="top", size=6)
    _font(
        foot.add_run("报：" + ("、".join(recipients) if recipients else "市委、市政府")), "FangSong", "仿宋_GB2312", 14
    )
    end = doc.add_paragraph()
    _rule(end, color="000000", where="bottom", size=6)
    _font(end.add_run(f"{issue.committee.name}办公室"), "FangSong", "仿宋_GB2312", 14)
    doc.core_properties.title = issue.label
    return doc
