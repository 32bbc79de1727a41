"""The duty record (履职档案) as a docx document, for a year or for a whole term."""

from django.utils.translation import gettext as _

from lvzhi.core.exports import docx_bytes, new_document
from lvzhi.duties import scoring, selectors


def record_docx(committee, member, years: list[int], heading: str) -> bytes:
    doc = new_document(_("%(c)s委员履职档案") % {"c": committee.name})
    doc.add_paragraph(_("委员：%(n)s　　范围：%(h)s") % {"n": member.name, "h": heading})
    events = selectors.timeline(member.pk, committee.pk, years)
    for year in sorted(years):
        counted = selectors.counted(member.pk, events, year)  # the standing counted from the timeline's rows
        standing = scoring.standings(committee.pk, year, [member.pk], events=counted)[member.pk]
        doc.add_heading(_("%(y)s 年度") % {"y": year}, level=2)
        doc.add_paragraph(
            _("履职积分 %(s)s 分，等次（按积分）%(g)s；履职事件 %(n)d 项。")
            % {"s": standing.score, "g": standing.grade_label, "n": standing.events}
        )
        counted = [t for t in standing.targets if t.counted]
        if counted:
            table = doc.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, [_("履职基本要求"), _("完成"), _("要求")], strict=True):
                cell.text = str(text)
            for t in counted:
                cells = table.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = t.name, str(t.done), str(t.required)
        rows = [e for e in events if e.year == year]
        if rows:
            table = doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, [_("日期"), _("类别"), _("内容"), _("积分")], strict=True):
                cell.text = str(text)
            for e in sorted(rows, key=lambda e: e.date):
                cells = table.add_row().cells
                cells[0].text = e.date.isoformat()
                cells[1].text = e.label
                cells[2].text = e.title
                cells[3].text = str(e.points)
        else:
            doc.add_paragraph(_("本年度暂无履职记录。"))
    return docx_bytes(doc)
