"""The year-end data pack: an xlsx workbook with one sheet per module; on each sheet every figure
of the module by committee (the committee and each lower committee, and all together) and by
month of the year (with the lower committees). Computed from the records like every figure."""

import datetime
import io
import tempfile

from django.utils import timezone

from lvzhi.core import audit
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import XLSX, XlsxWriter, download, download_file, in_background, report_progress
from lvzhi.core.periods import Period
from lvzhi.core.scope import committee_ids
from lvzhi.org.models import Committee
from lvzhi.stats import dashboards, selectors


def _value(key, sel):
    try:
        result = dashboards.lenient(key, sel)
    except ServiceError:
        return None
    return None if result is None else result.value


def workbook(user, committee: Committee, year: int, target) -> None:
    """The pack written into `target` (a binary file)."""
    within = committee_ids(user)
    today = timezone.localdate()
    end = min(datetime.date(year, 12, 31), today) if year <= today.year else datetime.date(year, 12, 31)
    period = Period("year", datetime.date(year, 1, 1), end, f"year:{year}")
    lower = selectors.lower_committees(committee, within)
    writer = XlsxWriter()
    modules = list(selectors.module_figures())
    for done, (module, figures) in enumerate(modules):
        report_progress(done, len(modules))
        sheet = writer.sheet(module.label)
        sheet.widths({1: 30, 2: 34})
        sheet.row([f"{committee.name} {year} 年统计数据 · {module.label}"], bold=True)
        sheet.row()
        lowers = [c.short_name for c in lower]
        sheet.row(["按委员会", "口径", "单位", committee.short_name, *lowers, "合计（含下级）"], bold=True)
        for figure in figures:
            row = [str(figure.label), figure.key, str(figure.unit)]
            row.append(_value(figure.key, dashboards.Selection(committee, "self", period, end, within)))
            for c in lower:
                row.append(_value(figure.key, dashboards.Selection(c, "self", period, end, within)))
            tree = dashboards.Selection(committee, "tree", period, end, within)
            row.append(_value(figure.key, tree) if "tree" in figure.scopes else None)
            sheet.row(row)
        sheet.row()
        months = [m for m in range(1, 13) if datetime.date(year, m, 1) <= end]
        sheet.row(["按月（含下级）", "口径", "单位", *[f"{m} 月" for m in months]], bold=True)
        for figure in figures:
            row = [str(figure.label), figure.key, str(figure.unit)]
            scope = "tree" if "tree" in figure.scopes else "self"
            for m in months:
                first = datetime.date(year, m, 1)
                last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
                last = min(last, end)
                month = Period("range", first, last, f"range:{first}..{last}")
                row.append(_value(figure.key, dashboards.Selection(committee, scope, month, last, within)))
            sheet.row(row)
    writer.save(target)


def year_pack_response(user, committee, year):
    """The pack as a download; inside its background job, from a temporary file the job keeps."""
    target = tempfile.TemporaryFile() if in_background() else io.BytesIO()  # noqa: SIM115 -- the job closes it
    workbook(user, committee, year, target)
    audit.record(
        "export.xlsx",
        actor=user,
        committee=committee,
        object_type="stats.year_pack",
        after={"committee": committee.code, "year": year},
    )
    name = f"{committee.short_name}-{year}年统计数据包.xlsx"
    return download_file(target, name, XLSX) if in_background() else download(target.getvalue(), name, XLSX)
