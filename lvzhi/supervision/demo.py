"""Demo supervision and development records of 武威 and 平凉 that reproduce figures W4–W9, W11–W13,
P6, P8–P10, P19 and P25 of seed-figures.md, and in `demo_people.py` the records of service to the
people behind W17, W19, P15 and P7 as of 2024-12-31 (bulk inserts only, deterministic draws).

Exact counts held where the summaries round: P6 263.80 万元 ("260余万元"). W12 is 916,900 万元
(91.69 亿元). Around the counted records lie others that must not count — cases closed in 2023,
clues, projects and reviews from before the current term, county records for city-only figures,
reviews by members outside the democratic parties, repeated mediators and enterprises — so the
figures' definitions are exercised by the demo too. `demo_later.py` carries the mediations, clues and
services on from 2025 to the day of the load at each committee's pace, all dated after 2024-12-31, and
`demo_later_registers.py` the investment visits and projects, enterprise problems, supervisor posts,
rural funds and demonstration points.
The parties of 友好政协 are from the 武威 summary
(乌鲁木齐; 阿拉善盟 and three more places whose names the summary does not give — invented here).
"""

from lvzhi.core import audit
from lvzhi.org.models import Committee
from lvzhi.supervision import demo_later, demo_later_registers, demo_people
from lvzhi.supervision.demo_common import (
    PINGLIANG,
    PINGLIANG_COUNTIES,
    WUWEI,
    WUWEI_COUNTIES,
)
from lvzhi.supervision.demo_pingliang import pingliang
from lvzhi.supervision.demo_wuwei import wuwei
from lvzhi.supervision.models import (
    InvestmentProject,
    LitigationClue,
    MediationCase,
)


def load(*, stdout=None, **kwargs) -> dict:
    committees = {
        c.code: c for c in Committee.objects.filter(code__in=[WUWEI, PINGLIANG, *WUWEI_COUNTIES, *PINGLIANG_COUNTIES])
    }
    summary = {}
    if WUWEI in committees:
        tree = [committees[WUWEI]] + [committees[c] for c in WUWEI_COUNTIES if c in committees]
        summary["武威"] = wuwei(tree)
        summary["武威为民服务"] = demo_people.wuwei(tree)
        summary["武威2025年以来"] = demo_later.load(tree, "supervision-later-620600")
        summary["武威2025年以来登记"] = demo_later_registers.load(tree, "supervision-registers-620600")
    if PINGLIANG in committees:
        tree = [committees[PINGLIANG]] + [committees[c] for c in PINGLIANG_COUNTIES if c in committees]
        summary["平凉"] = pingliang(tree)
        summary["平凉为民服务"] = demo_people.pingliang(tree)
        summary["平凉2025年以来"] = demo_later.load(tree, "supervision-later-620800")
        summary["平凉2025年以来登记"] = demo_later_registers.load(tree, "supervision-registers-620800")
    if summary:
        audit.record("demo.load", object_type="supervision", note=str(summary))
    if stdout is not None and summary:
        stdout.write(
            f"演示监督与服务发展：调解案件 {MediationCase.objects.count()} 件，"
            f"公益诉讼线索 {LitigationClue.objects.count()} 条，签约项目 {InvestmentProject.objects.count()} 个。"
        )
    return summary
