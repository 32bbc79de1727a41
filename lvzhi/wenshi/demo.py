"""Demo data of 文史 work, as the two city committees' 2024 summaries describe it:

- 武威 edits and publishes 《人文武威》 and 《武威文史》 (a volume of each in 2024, made of adopted
  manuscripts), builds its 文史馆 and set up a 政协文史资料专区 in the city library (items of the
  collection), and exchanges volumes with committees of other provinces (互赠 and 赠送 rows);
- 平凉 made a five-year 征编 plan (2022–2026, yearly themes and targets) with a call for material,
  published 《静宁苹果产业链建设资料辑录》 and edited 《史志平凉资料辑录》 (edited, not yet published);
  its city-wide 文史 work meeting is an activity of the activities module (kind 文史活动).

Both get clues and manuscripts from members, experts and outside authors in every review state, each
with its original version and its timeline. `demo_years.py` gives the term's other years (2022–2023,
and 2025 to the day before the load) their manuscripts, volumes, collection and calls. Deterministic,
bulk inserts; the duty-records loader rebuilds the ledger after this one.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core import demo_bulk
from lvzhi.core.models import Transition
from lvzhi.org.audience import AudienceKind, current_memberships
from lvzhi.org.models import Committee
from lvzhi.wenshi import demo_years
from lvzhi.wenshi.choices import (
    AuthorKind,
    CallState,
    CirculationKind,
    ItemKind,
    ManuscriptForm,
    ManuscriptKind,
    ManuscriptState,
    PublicationKind,
)
from lvzhi.wenshi.models import (
    Call,
    Circulation,
    CollectionItem,
    Manuscript,
    ManuscriptVersion,
    Plan,
    PlanYear,
    Series,
    Volume,
    VolumeEntry,
)

S = ManuscriptState
WUWEI_TITLES = [
    "凉州会盟的历史意义",
    "天梯山石窟考察记",
    "武威雷台汉墓发掘亲历",
    "西夏碑发现始末",
    "凉州贤孝的传承",
    "民勤治沙六十年",
    "古浪八步沙“六老汉”口述",
    "武威文庙修缮记",
    "马踏飞燕出土前后",
    "凉州词与边塞诗",
    "天祝藏区的民族团结往事",
    "武威老字号记忆",
    "红西路军在武威",
    "凉州攻鼓子的传承",
    "石羊河流域治理回顾",
]
PINGLIANG_TITLES = [
    "静宁苹果的引种与推广",
    "静宁苹果产业链建设纪实",
    "果农合作社的兴起",
    "崆峒山道教文化考",
    "平凉红牛养殖史",
    "泾河治理回眸",
    "柳湖书院的变迁",
    "平凉史志编修述略",
    "庄浪梯田建设口述",
    "灵台皇甫谧文化",
    "华亭煤炭工业发展史",
    "静宁苹果出口第一单",
    "平凉老城街巷记",
    "王母宫石窟考",
    "崇信龙泉寺的传说",
]
CLUES = ["老照片一批（20世纪50年代城区）", "老党员手稿线索", "民间藏书线索", "地方戏曲艺人线索", "老字号账簿线索"]
EXCHANGES = [
    ("陕西省宝鸡市政协", "《宝鸡文史资料》2册"),
    ("宁夏回族自治区固原市政协", "《固原文史》2册"),
    ("青海省海东市政协", "《海东文史》1册"),
    ("内蒙古自治区阿拉善盟政协", "《阿拉善文史》2册"),
    ("新疆维吾尔自治区哈密市政协", "《哈密文史》1册"),
]


def _d(y, m, d):
    return datetime.date(y, m, d)


def _manuscripts(rnd, committee, titles, staff, seats, accounts, year=2024):
    """Manuscripts and clues in every state; the adopted ones first (they fill the volumes)."""
    rows = []
    members = dict(seats)
    member_ids = sorted(members)
    for i, title in enumerate(titles):
        state = [S.ADOPTED] * 9 + [S.REVIEWING, S.SUBMITTED, S.RETURNED, S.REJECTED, S.SUBMITTED, S.ADOPTED]
        state = state[i % len(state)]
        kind_of_author = [AuthorKind.MEMBER, AuthorKind.EXPERT, AuthorKind.OUTSIDE][i % 3]
        member_id = member_ids[i % len(member_ids)] if kind_of_author == AuthorKind.MEMBER and member_ids else None
        if member_id is None and kind_of_author == AuthorKind.MEMBER:
            kind_of_author = AuthorKind.EXPERT
        submitted = _d(year, 1 + i % 9, 3 + i)
        oral = "口述" in title
        rows.append(
            Manuscript(
                committee=committee,
                kind=ManuscriptKind.MANUSCRIPT,
                form=ManuscriptForm.ORAL if oral else ManuscriptForm.TEXT,
                title=title,
                text=f"{title}。\n本文根据档案资料和当事人回忆整理，记述了有关史实的来龙去脉。\n（正文略）",
                transcript="口述人回忆：……（整理稿）" if oral else "",
                narrator="张德福" if oral else "",
                author_kind=kind_of_author,
                member_id=member_id,
                author_name=members[member_id] if member_id else rnd.choice(["王建国", "李文华", "陈志远", "赵兰芳"]),
                state=state,
                submitted_on=submitted,
                decided_on=submitted + datetime.timedelta(days=40) if state == S.ADOPTED else None,
                first_reviewer=staff if state != S.SUBMITTED else None,
                second_reviewer=staff if state == S.ADOPTED else None,
                submitted_by=accounts.get(member_id) or staff,
            )
        )
    for i, clue in enumerate(CLUES):
        member_id = member_ids[(i * 3) % len(member_ids)] if member_ids else None
        rows.append(
            Manuscript(
                committee=committee,
                kind=ManuscriptKind.CLUE,
                form=ManuscriptForm.PHOTO if "照片" in clue else ManuscriptForm.TEXT,
                title=clue,
                text=f"{clue}，持有人愿意提供，请文史委联系。",
                author_kind=AuthorKind.MEMBER if member_id else AuthorKind.OUTSIDE,
                member_id=member_id,
                author_name=members[member_id] if member_id else "热心市民",
                state=S.ADOPTED if i < 3 else S.SUBMITTED,
                submitted_on=_d(year, 2 + i * 2, 10),
                decided_on=_d(year, 3 + i * 2, 10) if i < 3 else None,
                first_reviewer=staff if i < 3 else None,
                second_reviewer=staff if i < 3 else None,
                submitted_by=accounts.get(member_id) or staff,
            )
        )
    Manuscript.objects.bulk_create(rows)
    return rows


def _history(rows, staff, content_type):
    versions, steps = [], []
    for m in rows:
        at = timezone.make_aware(datetime.datetime.combine(m.submitted_on, datetime.time(9)))
        versions.append(
            ManuscriptVersion(
                committee=m.committee,
                manuscript=m,
                number=1,
                title=m.title,
                text=m.text,
                transcript=m.transcript,
                note="原稿",
                edited_by=m.submitted_by,
                edited_at=at,
            )
        )
        base = {"content_type_id": content_type.pk, "object_id": m.pk, "committee_id": m.committee_id}
        steps.append(
            Transition(
                **base,
                action="submit",
                from_state="",
                to_state=S.SUBMITTED,
                actor=m.submitted_by,
                note="来稿登记",
                at=at,
            )
        )
        path = {
            S.REVIEWING: [("pass", S.SUBMITTED, S.REVIEWING, "史料翔实，转复审")],
            S.ADOPTED: [
                ("pass", S.SUBMITTED, S.REVIEWING, "史料翔实，转复审"),
                ("adopt", S.REVIEWING, S.ADOPTED, "采用"),
            ],
            S.RETURNED: [("return", S.SUBMITTED, S.RETURNED, "请补充史料出处，核实时间地点")],
            S.REJECTED: [("reject", S.SUBMITTED, S.REJECTED, "与已刊内容重复")],
        }.get(m.state, [])
        for i, (action, source, target, note) in enumerate(path, start=1):
            steps.append(
                Transition(
                    **base,
                    action=action,
                    from_state=source,
                    to_state=target,
                    actor=staff,
                    note=note,
                    at=at + datetime.timedelta(days=20 * i),
                )
            )
    ManuscriptVersion.objects.bulk_create(versions)
    demo_bulk.insert(steps, Transition)  # dated with the events (bulk_create would stamp them now)


def _entries(volume, manuscripts, section):
    return [
        VolumeEntry(committee=volume.committee, volume=volume, manuscript=m, position=i, section=section)
        for i, m in enumerate(manuscripts, start=1)
    ]


def _context(code, staff_name):
    committee = Committee.objects.filter(code=code).first()
    if committee is None:
        return None
    staff = User.objects.filter(username=staff_name).first()
    seats = list(
        current_memberships().filter(committee=committee).order_by("member_id").values_list("member_id", "member__name")
    )[:40]
    accounts = {u.member_id: u for u in User.objects.filter(member_id__in=[m for m, _ in seats])}
    return committee, staff, seats, accounts


def _load_wuwei(content_type):
    context = _context("620600", "wuwei_staff")
    if context is None:
        return {}
    committee, staff, seats, accounts = context
    rnd = random.Random("wenshi-620600")
    rows = _manuscripts(rnd, committee, WUWEI_TITLES, staff, seats, accounts)
    _history(rows, staff, content_type)
    adopted = [m for m in rows if m.state == S.ADOPTED and m.kind == ManuscriptKind.MANUSCRIPT]
    renwen = Series.objects.create(committee=committee, name="人文武威", description="武威历史文化读物")
    wenshi = Series.objects.create(committee=committee, name="武威文史", description="武威市政协文史资料丛书")
    common = {
        "committee": committee,
        "kind": PublicationKind.VOLUME,
        "created_by": staff,
        "editors": "武威市政协文化文史和学习委员会 编",
        "permit_number": "甘内准字（2024）第0616号",
    }
    v1 = Volume.objects.create(
        series=wenshi,
        number=18,
        title="凉州文化专辑",
        published_on=_d(2024, 9, 20),
        print_run=2000,
        foreword="本辑收录凉州历史文化研究文章。",
        **common,
    )
    v2 = Volume.objects.create(
        series=renwen,
        number=6,
        title="",
        published_on=_d(2024, 12, 10),
        print_run=1500,
        foreword="《人文武威》第六辑。",
        **common,
    )
    VolumeEntry.objects.bulk_create(_entries(v1, adopted[:5], "凉州文化") + _entries(v2, adopted[5:9], "人物春秋"))
    items = [
        CollectionItem(
            committee=committee,
            kind=ItemKind.BOOK,
            title=str(v1),
            volume=v1,
            copies=50,
            provenance="本会编印",
            location="市政协文史馆 A-01",
            acquired_on=_d(2024, 9, 25),
        ),
        CollectionItem(
            committee=committee,
            kind=ItemKind.BOOK,
            title=str(v2),
            volume=v2,
            copies=50,
            provenance="本会编印",
            location="市政协文史馆 A-02",
            acquired_on=_d(2024, 12, 15),
        ),
        CollectionItem(
            committee=committee,
            kind=ItemKind.BOOK,
            title="武威文史资料（第1—17辑）合订",
            copies=30,
            provenance="本会历年编印",
            location="市图书馆政协文史资料专区",
            acquired_on=_d(2024, 5, 18),
        ),
        CollectionItem(
            committee=committee,
            kind=ItemKind.PHOTO,
            title="凉州城老照片（1950—1980）",
            copies=120,
            provenance="委员捐赠",
            location="市政协文史馆 B-03",
            acquired_on=_d(2024, 6, 6),
        ),
        CollectionItem(
            committee=committee,
            kind=ItemKind.OBJECT,
            title="凉州贤孝三弦（民间艺人旧物）",
            copies=1,
            provenance="艺人后人捐赠",
            location="市政协文史馆 展柜2",
            acquired_on=_d(2024, 8, 12),
        ),
        CollectionItem(
            committee=committee,
            kind=ItemKind.RECORDING,
            title="八步沙治沙口述录音",
            copies=6,
            provenance="口述史采集",
            location="市政协文史馆 数字库",
            acquired_on=_d(2024, 10, 30),
        ),
    ]
    CollectionItem.objects.bulk_create(items)
    circulations = [
        Circulation(
            committee=committee,
            kind=CirculationKind.EXCHANGE,
            volume=v1,
            counterpart=name,
            received=got,
            happened_on=_d(2024, 10, 8 + i),
            copies=2,
            created_by=staff,
        )
        for i, (name, got) in enumerate(EXCHANGES)
    ]
    circulations += [
        Circulation(
            committee=committee,
            kind=CirculationKind.GIFT,
            volume=v2,
            counterpart="武威市图书馆",
            happened_on=_d(2024, 12, 16),
            copies=20,
            created_by=staff,
        ),
        Circulation(
            committee=committee,
            kind=CirculationKind.LOAN,
            item=items[2],
            counterpart="西北师范大学 张老师",
            happened_on=_d(2024, 11, 2),
            due_on=_d(2024, 12, 2),
            returned_on=_d(2024, 11, 28),
            copies=1,
            created_by=staff,
        ),
    ]
    Circulation.objects.bulk_create(circulations)
    return {"manuscripts": len(rows), "volumes": 2}


def _load_pingliang(content_type):
    context = _context("620800", "pingliang_staff")
    if context is None:
        return {}
    committee, staff, seats, accounts = context
    rnd = random.Random("wenshi-620800")
    plan = Plan.objects.create(
        committee=committee,
        title="平凉市政协文史资料征编工作五年计划（2022—2026年）",
        start_year=2022,
        end_year=2026,
        adopted_on=_d(2022, 3, 15),
        created_by=staff,
        summary="围绕平凉特色产业、历史文化和地方史志，分年度确定征编主题。",
    )
    themes = [
        (2022, "红色文化", 20),
        (2023, "泾河文化", 20),
        (2024, "静宁苹果产业链建设", 30),
        (2025, "史志平凉", 30),
        (2026, "崆峒文化", 20),
    ]
    PlanYear.objects.bulk_create(
        [PlanYear(committee=committee, plan=plan, year=y, theme=t, target=n) for y, t, n in themes]
    )
    call = Call.objects.create(
        committee=committee,
        plan=plan,
        audience=AudienceKind.ALL,
        state=CallState.PUBLISHED,
        title="关于征集静宁苹果产业链建设史料的启事",
        body="为编辑出版《静宁苹果产业链建设资料辑录》，现面向全市政协委员和社会各界征集史料。",
        opens_on=_d(2024, 1, 10),
        closes_on=_d(2024, 6, 30),
        created_by=staff,
    )
    Transition.objects.create(
        content_type=ContentType.objects.get_for_model(Call),
        object_id=call.pk,
        committee_id=committee.pk,
        action="publish",
        from_state=CallState.DRAFT,
        to_state=CallState.PUBLISHED,
        actor=staff,
    )
    rows = _manuscripts(rnd, committee, PINGLIANG_TITLES, staff, seats, accounts)
    for m in rows[:6]:
        m.call = call
    Manuscript.objects.bulk_update(rows[:6], ["call"])
    _history(rows, staff, content_type)
    adopted = [m for m in rows if m.state == S.ADOPTED and m.kind == ManuscriptKind.MANUSCRIPT]
    common = {
        "committee": committee,
        "kind": PublicationKind.BOOK,
        "created_by": staff,
        "editors": "平凉市政协文化文史和学习委员会 编",
    }
    apple = Volume.objects.create(
        title="静宁苹果产业链建设资料辑录",
        publisher="甘肃文化出版社",
        published_on=_d(2024, 11, 18),
        print_run=3000,
        foreword="本书记录静宁苹果从引种到全产业链发展的历程。",
        **common,
    )
    annals = Volume.objects.create(title="史志平凉资料辑录", foreword="编辑完成，待出版。", **common)
    VolumeEntry.objects.bulk_create(_entries(apple, adopted[:5], "产业发展") + _entries(annals, adopted[5:9], "史志"))
    CollectionItem.objects.bulk_create(
        [
            CollectionItem(
                committee=committee,
                kind=ItemKind.BOOK,
                title=str(apple),
                volume=apple,
                copies=40,
                provenance="本会编印",
                location="市政协文史资料室",
                acquired_on=_d(2024, 11, 25),
            ),
        ]
    )
    Circulation.objects.bulk_create(
        [
            Circulation(
                committee=committee,
                kind=CirculationKind.GIFT,
                volume=apple,
                counterpart="静宁县政协",
                happened_on=_d(2024, 12, 2),
                copies=50,
                created_by=staff,
            ),
        ]
    )
    return {"manuscripts": len(rows), "volumes": 1}


def load(*, stdout=None, **kwargs) -> dict:
    content_type = ContentType.objects.get_for_model(Manuscript)
    result = {"620600": _load_wuwei(content_type), "620800": _load_pingliang(content_type)}
    contexts = {
        code: _context(code, staff) for code, staff in (("620600", "wuwei_staff"), ("620800", "pingliang_staff"))
    }
    result["other_years"] = demo_years.load({k: v for k, v in contexts.items() if v}, content_type)
    if stdout is not None:
        stdout.write(f"文史资料: {result}\n")
    return result
