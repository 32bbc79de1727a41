"""On the demo data: every figure equals its records, the register of regulations gives W10 and
W21, and the two seed summaries come out as the seed text says, as of 2024-12-31."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from lvzhi.core import registry
from lvzhi.org.models import Committee
from lvzhi.stats import selectors
from lvzhi.stats.documents import summary_docx
from lvzhi.stats.models import SummaryTemplate
from lvzhi.stats.summary import render
from lvzhi.stats.tests.conftest import AS_OF

# The two seed summaries and the list of their figures, kept with the tests (docs/figures.md is the
# table the platform computes from them)
SEED = Path(__file__).parent / "seed"
SEED_TEXT = [SEED / "highlights.txt"]
PUNCTUATION = re.compile(r"[\s,，。、;；:：“”\"'‘’()（）《》!！?？—\-]")
# Seed figures whose module is not in this repository yet: they must come out as 【缺：…】.
# A figure of seed-figures.md must be either reproduced or listed here.
NOT_YET_IMPLEMENTED: set[str] = set()


def _flat(text: str) -> str:
    return PUNCTUATION.sub("", text)


def _seed_text() -> str:
    return _flat("".join(p.read_text(encoding="utf-8") for p in sorted(SEED_TEXT)))


def _seed_table() -> dict[str, str]:
    """W1 → "4", P12 → "250余", P28 → "1.9万余", … from seed-figures.md."""
    values = {}
    for line in (SEED / "seed-figures.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"[WP]\d+", cells[0]):
            value = cells[2].split("(")[0].strip()
            value = re.sub(r"\s+", "", value)
            values[cells[0]] = re.match(r"近?[\d.]+(?:万)?(?:余|多)?", value).group(0)
    return values


def _committee(code):
    return Committee.objects.get(code=code)


@pytest.fixture
def on_demo(demo, db):
    return None


def test_every_count_figure_equals_the_number_of_its_records(on_demo):
    checked = 0
    for code in ("620600", "620800", "620602"):
        committee = _committee(code)
        for figure in selectors.catalogue():
            for scope in figure.scopes:
                for period in ("term", "current", "year:2024"):
                    try:
                        result = selectors.evaluate(figure.key, committee, scope, period, AS_OF)
                    except selectors.Invalid:
                        continue  # not defined for this period
                    qs = figure.records(result.ids, result.period)
                    if figure.measure == "count":
                        assert result.value == qs.count(), (figure.key, code, scope, period)
                        checked += 1
                    else:
                        qs.count()  # the records of a sum or rate can be listed too
    assert checked > 100


def test_the_sum_figures_are_the_sums_of_their_records(on_demo):
    committee = _committee("620800")
    for key, field in [
        ("activities.people_reached", "people_reached"),
    ]:
        result = selectors.evaluate(key, committee, "tree", "term", AS_OF)
        records = registry.figures()[key].records(result.ids, result.period)
        assert result.value == sum(records.values_list(field, flat=True)), key


def test_the_register_of_regulations_gives_w10_and_w21(on_demo):
    wuwei = _committee("620600")
    assert selectors.evaluate("regulations.mechanisms", wuwei, "self", "current", AS_OF).value == 3
    assert selectors.evaluate("regulations.revised", wuwei, "self", "term", AS_OF).value == 51
    # a later date gives that date's counts: a mechanism adopted in 2025, systems revised in 2025
    later = datetime.date(2025, 6, 30)
    assert selectors.evaluate("regulations.mechanisms", wuwei, "self", "current", later).value == 4
    assert selectors.evaluate("regulations.revised", wuwei, "self", "term", later).value > 51
    earlier = datetime.date(2023, 6, 30)
    assert selectors.evaluate("regulations.mechanisms", wuwei, "self", "current", earlier).value == 2


def _is_names(part):
    return not isinstance(part, str) and part.placeholder.kind == "names"


def _since_names(parts):
    cut = max((i + 1 for i, p in enumerate(parts) if _is_names(p)), default=0)
    return parts[cut:]


def _until_names(parts):
    cut = next((i for i, p in enumerate(parts) if _is_names(p)), len(parts))
    return parts[:cut]


def test_the_seed_summaries_name_what_the_records_hold(on_demo):
    names = {
        part.placeholder.note: part.text
        for slug, code in (("wuwei-highlights", "620600"), ("pingliang-highlights", "620800"))
        for para in _rendered(slug, code).paragraphs
        for part in para.parts
        if _is_names(part)
    }
    assert names["招商考察地"] == "上海、江苏、浙江"
    assert names["联合办班的高校"] == "复旦大学、浙江大学"
    assert "乌鲁木齐市政协" in names["友好（联动）政协"] and "阿拉善盟政协" in names["友好（联动）政协"]
    assert names["出版的文史资料"] in ("《人文武威》《武威文史》", "《静宁苹果产业链建设资料辑录》")


def _rendered(slug, code):
    template = SummaryTemplate.objects.get(slug=slug)
    return render(template, _committee(code), AS_OF)


@pytest.mark.parametrize(("slug", "code"), [("wuwei-highlights", "620600"), ("pingliang-highlights", "620800")])
def test_the_seed_summary_reproduces_the_seed_text(on_demo, slug, code):
    if not SEED_TEXT:
        pytest.skip("the design folder with the seed text is not beside the project (docs/figures.md keeps the values)")
    rendered = _rendered(slug, code)
    seed = _seed_text()
    table = _seed_table()
    seen = set()
    for para in rendered.paragraphs:
        for index, part in enumerate(para.parts):
            if isinstance(part, str):
                continue
            if part.placeholder.kind == "names":  # the names the records hold, in place of the seed's words
                assert not part.marker and part.names, (part.placeholder.note, part.marker)
                continue
            number = part.placeholder.note.split()[0]
            seen.add(number)
            if number in NOT_YET_IMPLEMENTED:
                assert part.missing and part.marker.startswith("【缺："), number
                continue
            assert not part.marker, (number, part.marker)
            # the sentence around the figure, as the platform writes it, is in the seed text
            # (up to a names placeholder: the records' names stand where the seed typed its own words)
            before = "".join(p if isinstance(p, str) else p.shown for p in _since_names(para.parts[:index]))
            after = "".join(p if isinstance(p, str) else p.shown for p in _until_names(para.parts[index + 1 :]))
            context = _flat(before)[-6:] + part.text + _flat(after)[:1]
            assert context in seed, (number, context)
            if part.placeholder.round != "中文":
                if number == "W15" and part.placeholder.scope != "tree":
                    continue  # 市级 19 / 县区 130 are in the text, the table gives the 149
                assert part.text == table[number], (number, part.text, table[number])
    expected = {k for k in table if k.startswith("W" if code == "620600" else "P")}
    assert seen == expected


def test_a_figure_no_module_registers_comes_out_missing_never_as_a_number(on_demo):
    template = SummaryTemplate(
        committee=_committee("620600"),
        slug="t",
        title="测试",
        body="建立工作机制{{ figure:nowhere.mechanisms | note=W99 虚构口径 }}项，"
        "党支部{{ figure:org.party_branches }}个。",
    )
    rendered = render(template, _committee("620600"), AS_OF)
    assert "【缺：W99 虚构口径】" in rendered.text()
    assert "党支部4个" in rendered.text()
    assert 'class="summary-missing' in rendered.html()


def test_the_docx_opens_and_holds_the_figures_in_the_official_layout(on_demo):
    rendered = _rendered("pingliang-highlights", "620800")
    doc = Document(io.BytesIO(summary_docx(rendered)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "履职尽责担使命 奋发进取展作为"
    for figure in ("协调办理提案452件", "提出对策建议250余条", "近400次", "1.9万余人次", "履职历程已有22年"):
        assert figure in text
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert doc.styles["Normal"].font.size.pt == 16
    title_run = doc.paragraphs[0].runs[0]
    assert title_run.font.size.pt == 22
    assert "小标宋" in title_run.element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml


def test_each_figure_of_the_preview_links_to_its_records(on_demo):
    html = str(_rendered("wuwei-highlights", "620600").html())
    assert 'href="/stats/figures/activities.outcomes/?committee=620600&amp;scope=self&amp;period=term' in html
    assert 'data-value="40"' in html


def test_the_summary_command_writes_each_format(on_demo, tmp_path):
    from django.core.management import call_command

    for fmt in ("txt", "html", "docx"):
        out = tmp_path / f"summary.{fmt}"
        call_command(
            "summary", committee="620600", template="wuwei-highlights", as_of="2024-12-31", format=fmt, out=str(out)
        )
        assert out.stat().st_size > 1000
    text = (tmp_path / "summary.txt").read_text(encoding="utf-8")
    assert "修订制度51项" in text and "建成“委员工作室”149个（市级19个、县区130个）" in text
    doc = Document(str(tmp_path / "summary.docx"))
    assert any("累计开展协商议事活动2.1万场次" in p.text for p in doc.paragraphs)


# One figure of each line of work that goes on after the summaries' date, per city (武威's
# mediations, clues and services are its own registers; 平凉 keeps none of those)
AFTER_2024 = {
    "620600": [
        "proposals.received",
        "activities.all",
        "opinions.sent",
        "notices.published",
        "supervision.mediation_cases",
        "supervision.clues",
        "supervision.matters_done",
        "supervision.service_problems",
        "liaison.engagements",
        "party.meetings",
    ],
    "620800": ["proposals.received", "activities.all", "opinions.sent", "notices.published", "party.meetings"],
}


@pytest.mark.parametrize("code", sorted(AFTER_2024))
def test_the_dashboards_of_2025_and_2026_show_the_work_of_those_years(on_demo, code):
    """The demo goes on from the summaries' date to the day it is loaded: each line of work has records
    in 2025 and in 2026 (the year under way, up to today), at about the pace of 2024."""
    committee = _committee(code)
    today = timezone.localdate()
    for key in AFTER_2024[code]:
        before = selectors.evaluate(key, committee, "tree", "year:2024", AS_OF).value
        for year in (2025, 2026):
            as_of = min(datetime.date(year, 12, 31), today)
            value = selectors.evaluate(key, committee, "tree", f"year:{year}", as_of).value
            assert value > 0, (code, key, year)
            if before and year == 2025:  # a whole year: about as much as 2024 (notices began in 2025)
                assert 0.5 * float(before) <= float(value) <= 2 * float(before), (code, key, before, value)
