"""Demo data of the statistics module: the register of regulations of 武威 and 平凉, and the two
seed summaries as templates (`wuwei-highlights`, `pingliang-highlights`).

As of 2024-12-31 (seed-figures.md): 武威 has exactly 3 work mechanisms in force (W10; a fourth was
repealed in 2023 and a fifth adopted in 2025) and 51 systems revised in the current term (W21; some
revised twice, which still counts once; others revised only before the term or only in 2025).

Every rule has a short text, and each revision its own (`demo_texts`); the library has reference
documents for both committees, one of them for the standing committee only."""

import datetime

from lvzhi.core import audit
from lvzhi.org.audience import AudienceKind
from lvzhi.org.models import Committee
from lvzhi.stats import demo_texts
from lvzhi.stats.choices import RegulationKind
from lvzhi.stats.models import ReferenceDocument, Regulation, RegulationRevision, SummaryTemplate
from lvzhi.stats.seed_templates import TEMPLATES

MECHANISMS = {
    "620600": [
        ("政协助力经济社会高质量发展工作机制", datetime.date(2023, 3, 16), None),
        ("政协助力招商引资走深走实工作机制", datetime.date(2023, 6, 8), None),
        ("政协助力营商环境提质增效工作机制", datetime.date(2024, 4, 22), None),
        ("政协委员联系企业工作机制（试行）", datetime.date(2021, 5, 10), datetime.date(2023, 6, 8)),  # repealed
        ("政协协商成果转化落实工作机制", datetime.date(2025, 3, 18), None),  # after the seed date
    ],
    "620800": [
        ("政协协商向基层延伸工作机制", datetime.date(2022, 9, 1), None),
        ("“千站千室万名委员”联系服务界别群众工作机制", datetime.date(2023, 5, 20), None),
    ],
}
SYSTEM_TOPICS = [
    "常委会工作规则", "主席会议工作规则", "秘书长办公会议工作规则", "专门委员会通则", "提案工作条例",
    "提案审查工作细则", "重点提案遴选和督办办法", "提案办理协商办法", "社情民意信息工作办法",
    "社情民意信息报送奖励办法", "委员履职工作规则", "委员履职量化考核办法", "委员年度述职办法",
    "委员联系界别群众办法", "委员工作室建设管理办法", "调研视察活动实施办法", "专题协商会议实施办法",
    "双月协商座谈会实施办法", "界别协商实施办法", "对口协商实施办法", "民主监督工作办法",
    "特邀监督员推荐管理办法", "文史资料征集编研办法", "学习制度", "党组理论学习中心组学习制度",
    "“第一议题”学习制度", "党组工作规则", "机关党委工作规则", "请示报告制度", "新闻宣传工作办法",
    "机关公文处理办法", "机关会议管理办法", "机关财务管理办法", "机关公务接待管理办法", "机关车辆管理办法",
    "机关资产管理办法", "机关干部考勤管理办法", "机关干部教育培训办法", "机关保密工作制度",
    "机关档案管理办法", "机关值班工作制度", "机关安全生产制度", "意识形态工作责任制实施办法",
    "党风廉政建设责任制实施办法", "谈心谈话制度", "走访联系委员制度", "情况通报制度", "联谊交友工作办法",
    "委员之家管理办法", "书香政协建设实施方案", "履职平台使用管理办法", "数据安全管理办法",
    "网络安全管理制度", "政务信息工作办法", "督查督办工作办法", "外事工作管理办法", "对外交流联谊工作办法",
    "年度重点工作协商计划制定办法", "界别活动组管理办法", "政协委员违纪违规处理办法",
]  # fmt: skip
REVISED_IN_TERM = 51  # W21
REVISED_TWICE = 6
REVISED_BEFORE_TERM_ONLY = 3
REVISED_AFTER_SEED_ONLY = 3


def _texts(committee, topic: str, title: str, count: int) -> list[tuple[str, str]]:
    """(adopting body, text) of each of `count` versions of a rule, the first version first."""
    written = demo_texts.RULES.get(topic)
    if written:
        texts = [(f"{committee.short_name}{body}", text) for body, text in written[:count]]
    else:
        first = demo_texts.generic_text(title, f"{committee.short_name}政协")
        texts = [(f"{committee.short_name}政协主席会议", first)]
        texts += [(f"{committee.short_name}政协秘书长办公会议", demo_texts.revised_text(first, n)) for n in (1, 2)][
            : count - 1
        ]
    while len(texts) < count:  # revised again: the wording of the last article adjusted
        text = texts[-1][1].replace("施行。", "施行。原有规定与本文不一致的，以本文为准。", 1)
        texts.append((f"{committee.short_name}政协主席会议", text))
    return texts


def _systems(committee, term_start: datetime.date, *, in_term: int, twice: int, before: int, after: int):
    regulations, revisions = [], []
    count = in_term + before + after + 2  # and two never revised
    for i, topic in enumerate(SYSTEM_TOPICS[:count]):
        adopted = datetime.date(2008 + i % 12, 1 + i % 12, 1 + i % 27)
        regulations.append(
            Regulation(
                committee=committee,
                title=f"{committee.short_name}政协{topic}",
                kind=RegulationKind.SYSTEM,
                adopted_on=adopted,
                document_number=f"{committee.short_name[:2]}政协发〔{adopted.year}〕{10 + i}号",
            )
        )
    for i, regulation in enumerate(regulations):
        dates = []
        if i < in_term:
            # spread over the term up to 2024-12-31, the last one on that very day
            span = (datetime.date(2024, 12, 31) - term_start).days
            dates.append(term_start + datetime.timedelta(days=span * (i + 1) // in_term))
            if i < twice:
                dates.append(term_start + datetime.timedelta(days=span * (i + 1) // (2 * in_term)))
            if i % 10 == 0:
                dates.append(datetime.date(2025, 2, 1 + i % 27))  # revised again after the seed date
        elif i < in_term + before:
            dates.append(term_start - datetime.timedelta(days=30 + i))  # the day before the term at most
        elif i < in_term + before + after:
            dates.append(datetime.date(2025, 4, 1 + i % 27))
        texts = _texts(committee, SYSTEM_TOPICS[i], regulation.title, len(dates) + 1)
        regulation.adopted_by, regulation.text = texts[0]
        for day, (body, text) in zip(sorted(dates), texts[1:], strict=True):
            revisions.append(
                RegulationRevision(
                    committee=committee,
                    regulation=regulation,
                    revised_on=day,
                    note="按新要求修订",
                    adopted_by=body,
                    text=text,
                )
            )
    Regulation.objects.bulk_create(regulations)
    RegulationRevision.objects.bulk_create(revisions)
    return len(regulations), len(revisions)


def _references(committee) -> int:
    documents = []
    for title, kind, issuer, issued_on, text, roles in demo_texts.REFERENCES:
        documents.append(
            ReferenceDocument(
                committee=committee,
                title=title,
                kind=kind,
                issuer=issuer or f"{committee.name}办公室",
                issued_on=issued_on,
                text=text,
                audience=AudienceKind.ROLES if roles else AudienceKind.ALL,
                roles=ReferenceDocument.roles_value(roles),
            )
        )
    ReferenceDocument.objects.bulk_create(documents)
    return len(documents)


def load(*, stdout=None, **kwargs) -> dict:
    wuwei = Committee.objects.get(code="620600")
    pingliang = Committee.objects.get(code="620800")
    mechanisms = []
    for code, rows in MECHANISMS.items():
        committee = wuwei if code == "620600" else pingliang
        mechanisms += [
            Regulation(
                committee=committee,
                title=t,
                kind=RegulationKind.MECHANISM,
                adopted_on=a,
                repealed_on=r,
                adopted_by=f"{committee.short_name}政协主席会议",
                text=demo_texts.generic_text(t, f"{committee.short_name}政协"),
            )
            for t, a, r in rows
        ]
    Regulation.objects.bulk_create(mechanisms)
    wuwei_term = wuwei.current_term(datetime.date(2024, 12, 31))
    pingliang_term = pingliang.current_term(datetime.date(2024, 12, 31))
    systems, revisions = _systems(
        wuwei,
        wuwei_term.start_date,
        in_term=REVISED_IN_TERM,
        twice=REVISED_TWICE,
        before=REVISED_BEFORE_TERM_ONLY,
        after=REVISED_AFTER_SEED_ONLY,
    )
    more = _systems(pingliang, pingliang_term.start_date, in_term=8, twice=2, before=2, after=1)
    templates = SummaryTemplate.objects.bulk_create(
        [
            SummaryTemplate(
                committee=Committee.objects.get(code=code), slug=slug, title=title, subtitle=subtitle, body=body
            )
            for code, slug, title, subtitle, body in TEMPLATES
        ]
    )
    summary = {
        "regulations": len(mechanisms) + systems + more[0],
        "revisions": revisions + more[1],
        "templates": len(templates),
        "references": _references(wuwei) + _references(pingliang),
    }
    audit.record("demo.load", object_type="stats.regulation", note=str(summary))
    if stdout is not None:
        stdout.write(
            "演示统计数据：{regulations} 项制度机制（{revisions} 次修订），{references} 件参考文件，"
            "{templates} 个综述模板。".format(**summary)
        )
    return summary
