"""The 文史 demo's other years of the term (part of the wenshi demo, after `demo.py`'s 2024): the work
of 2022–2023 and of 2025 up to the day before the load.

- Manuscripts and clues come in through each year and are reviewed as the office does (first review
  within three weeks, the second within six): the newest of the load's year are still in review.
- 武威 publishes a volume of each of its series a year (《武威文史》 in September, 《人文武威》 in
  December; the load's year's still being edited when its day has not come), takes the copies into its
  collection and exchanges them with the committees it did before.
- 平凉 collects for the themes of its five-year plan: a call a year (none in 2024's place, which
  `demo.py` gives), its 《史志平凉资料辑录》, edited by the end of 2024, published in 2025, and a book
  of 2026's theme. Before 2024 it publishes nothing (its term's one book, the figure of the 2024
  summary, stays the only one as of 2024-12-31).

No record is dated in 2024, so no 2024 figure moves; the seed figures count no 文史 records (the
2024 summaries only name the series published in the term — 武威's two, one volume of each a year,
and 平凉's one book). Before 2025 nothing depends on the day of the load: each year draws from its
own generator."""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.core import demo_bulk
from lvzhi.core.models import Transition
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
    Plan,
    Series,
    Volume,
    VolumeEntry,
)

S = ManuscriptState
YEARS_BEFORE = (2022, 2023)
FIRST_AFTER = 2025
PER_YEAR = 12  # manuscripts a year (and three clues)

SUBJECTS = {
    "620600": [
        "凉州古城墙",
        "海藏寺",
        "白塔寺与凉州会谈",
        "罗什寺塔",
        "大云寺铜钟",
        "民勤瑞安堡",
        "古浪战役",
        "天祝白牦牛",
        "武威葡萄酒酿造",
        "凉州会馆",
        "武威师范学校",
        "腾格里沙漠南缘治沙",
        "凉州宝卷",
        "武威面塑",
        "凉州大马",
        "武威钟鼓楼",
        "民勤沙井文化",
        "天梯山石窟搬迁",
    ],
    "620800": [
        "崆峒山古建筑群",
        "泾川大云寺",
        "灵台古灵台",
        "庄浪梯田",
        "静宁成纪古城",
        "华亭安口陶瓷",
        "平凉红牛选育",
        "柳湖公园",
        "平凉府城",
        "六盘山红军长征",
        "泾河古渡",
        "南石窟寺",
        "崇信锦屏书院",
        "平凉老字号",
        "泾川西王母文化",
        "华亭煤矿",
        "静宁烧鸡",
        "崆峒武术",
    ],
}
FORMS = ["的历史变迁", "考述", "亲历记", "口述", "往事钩沉", "调查记"]
CLUES = ["老照片线索", "家藏族谱线索", "老艺人访谈线索", "旧档案线索"]
# 平凉's plan's yearly themes (demo.py's plan) and what each year's call collected for
CALLS = {
    2022: ("关于征集红色文化史料的启事", "围绕平凉红色文化，面向全市政协委员和社会各界征集史料。"),
    2023: ("关于征集泾河文化史料的启事", "围绕泾河流域历史文化，面向全市政协委员和社会各界征集史料。"),
    2025: ("关于征集史志平凉史料的启事", "为完善《史志平凉资料辑录》，面向全市征集地方史志资料。"),
    2026: ("关于征集崆峒文化史料的启事", "为编辑《崆峒文化资料辑录》，面向全市征集崆峒文化史料。"),
}
EXCHANGES = ["陕西省宝鸡市政协", "宁夏回族自治区固原市政协", "青海省海东市政协", "内蒙古自治区阿拉善盟政协"]


def _d(y, m, d):
    return datetime.date(y, m, d)


def _moment(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# the days from a manuscript's receipt to its last step (as `demo._history` dates the steps)
STEP_DAYS = {S.REVIEWING: 20, S.RETURNED: 20, S.REJECTED: 20, S.ADOPTED: 40}


def years(last: datetime.date) -> list[int]:
    return [*YEARS_BEFORE, *range(FIRST_AFTER, last.year + 1)]


def _state(rnd, submitted, last):
    """How far the review has come by `last`: first review after 20 days, the decision after 40."""
    if submitted + datetime.timedelta(days=40) <= last:
        return rnd.choices([S.ADOPTED, S.RETURNED, S.REJECTED], [8, 1, 1])[0]
    if submitted + datetime.timedelta(days=20) <= last:
        return S.REVIEWING
    return S.SUBMITTED


def _year_manuscripts(rnd, committee, year, last, staff, seats, accounts):
    members = dict(seats)
    member_ids = sorted(members)
    subjects = SUBJECTS[committee.code]
    rows = []
    for i in range(PER_YEAR + len(CLUES) - 1):
        clue = i >= PER_YEAR
        submitted = _d(year, 1, 8) + datetime.timedelta(days=i * 330 // (PER_YEAR + 2) + rnd.randint(0, 12))
        if submitted > last:
            break
        state = _state(rnd, submitted, last)
        author = rnd.choice([AuthorKind.MEMBER, AuthorKind.MEMBER, AuthorKind.EXPERT, AuthorKind.OUTSIDE])
        member_id = rnd.choice(member_ids) if author == AuthorKind.MEMBER and member_ids else None
        if member_id is None and author == AuthorKind.MEMBER:
            author = AuthorKind.EXPERT
        if clue:
            title = f"{rnd.choice(subjects)}{CLUES[i - PER_YEAR]}"
            form, text = ManuscriptForm.PHOTO if "照片" in title else ManuscriptForm.TEXT, f"{title}，请文史委联系。"
        else:
            title = f"{subjects[(i + 5 * (year - 2022)) % len(subjects)]}{rnd.choice(FORMS)}"
            oral = title.endswith("口述") or title.endswith("亲历记")
            form = ManuscriptForm.ORAL if title.endswith("口述") else ManuscriptForm.TEXT
            text = f"{title}。\n本文根据档案资料和当事人回忆整理，记述了有关史实的来龙去脉。\n（正文略）"
        rows.append(
            Manuscript(
                committee=committee,
                kind=ManuscriptKind.CLUE if clue else ManuscriptKind.MANUSCRIPT,
                form=form,
                title=title,
                text=text,
                transcript="口述人回忆：……（整理稿）" if not clue and form == ManuscriptForm.ORAL else "",
                narrator=rnd.choice(["王文德", "李秀英", "马占山"]) if not clue and oral else "",
                author_kind=author,
                member_id=member_id,
                author_name=members[member_id] if member_id else rnd.choice(["王建国", "李文华", "陈志远", "赵兰芳"]),
                state=state,
                submitted_on=submitted,
                decided_on=submitted + datetime.timedelta(days=40) if state == S.ADOPTED else None,
                first_reviewer=staff if state != S.SUBMITTED else None,
                second_reviewer=staff if state == S.ADOPTED else None,
                submitted_by=accounts.get(member_id) or staff,
                updated_at=_moment(submitted + datetime.timedelta(days=STEP_DAYS.get(state, 0)), 16),
            )
        )
    return rows


def _wuwei_volumes(committee, staff, year, last, adopted, content):
    """A volume of each series: 《武威文史》 in September, 《人文武威》 in December (each of the adopted
    manuscripts of the year, in turn), into the collection and out to the partner committees."""
    series = {s.name: s for s in Series.objects.filter(committee=committee)}
    if set(series) != {"武威文史", "人文武威"}:
        return
    plans = [
        ("武威文史", 18 + year - 2024, _d(year, 9, 20), "文史专辑", adopted[0::2]),
        ("人文武威", 6 + year - 2024, _d(year, 12, 10), "", adopted[1::2]),
    ]
    for name, number, day, title, chosen in plans:
        published = day if day <= last else None
        volume = Volume(
            committee=committee,
            kind=PublicationKind.VOLUME,
            series=series[name],
            number=number,
            title=title,
            editors="武威市政协文化文史和学习委员会 编",
            permit_number=f"甘内准字（{year}）第06{number:02d}号",
            published_on=published,
            print_run=1500 if name == "人文武威" else 2000,
            foreword=f"《{name}》第{number}辑。",
            created_by=staff,
            created_at=_moment(day - datetime.timedelta(days=60)),
        )
        content["volumes"].append((volume, chosen[:6], "凉州文化" if name == "武威文史" else "人物春秋"))
        if published is None:
            continue
        received = published + datetime.timedelta(days=5)
        if received <= last:
            content["items"].append(
                CollectionItem(
                    committee=committee,
                    kind=ItemKind.BOOK,
                    title=f"《{name}》第{number}辑",
                    volume=volume,
                    copies=50,
                    provenance="本会编印",
                    location=f"市政协文史馆 A-{number:02d}",
                    acquired_on=received,
                )
            )
        for i, counterpart in enumerate(EXCHANGES):
            day = published + datetime.timedelta(days=4 + 3 * i)  # within the year it came out
            if day <= last:
                content["circulations"].append(
                    Circulation(
                        committee=committee,
                        kind=CirculationKind.EXCHANGE,
                        volume=volume,
                        counterpart=counterpart,
                        received="文史资料2册",
                        happened_on=day,
                        copies=2,
                        created_by=staff,
                    )
                )


def _pingliang_books(committee, staff, year, last, adopted, content):
    """2025: the 《史志平凉资料辑录》 edited by 2024 is published; 2026: a book of the year's theme."""
    if year == 2025 and _d(2025, 6, 18) <= last:
        annals = Volume.objects.filter(committee=committee, title="史志平凉资料辑录", published_on__isnull=True).first()
        if annals:
            annals.published_on, annals.publisher, annals.print_run = _d(2025, 6, 18), "甘肃文化出版社", 2000
            annals.foreword = "本书辑录平凉地方史志资料。"
            annals.save(update_fields=["published_on", "publisher", "print_run", "foreword"])
            content["items"].append(
                CollectionItem(
                    committee=committee,
                    kind=ItemKind.BOOK,
                    title=str(annals),
                    volume=annals,
                    copies=40,
                    provenance="本会编印",
                    location="市政协文史资料室",
                    acquired_on=_d(2025, 6, 25),
                )
            )
    if year == 2026:
        day = _d(2026, 11, 20)
        book = Volume(
            committee=committee,
            kind=PublicationKind.BOOK,
            title="崆峒文化资料辑录",
            editors="平凉市政协文化文史和学习委员会 编",
            publisher="甘肃文化出版社" if day <= last else "",
            published_on=day if day <= last else None,
            print_run=2000 if day <= last else 0,
            foreword="本书辑录崆峒文化史料。" if day <= last else "编辑中。",
            created_by=staff,
            created_at=_moment(_d(2026, 8, 1)),
        )
        content["volumes"].append((book, adopted[:6], "崆峒文化"))


def _calls(committee, staff, year, last, content):
    plan = Plan.objects.filter(committee=committee).first()
    if plan is None or year not in CALLS:
        return
    title, body = CALLS[year]
    opens, closes = _d(year, 1, 15), _d(year, 7, 31)
    if opens > last:
        return
    call = Call(
        created_at=_moment(opens - datetime.timedelta(days=10)),
        committee=committee,
        plan=plan,
        audience="all",
        state=CallState.CLOSED if closes < last else CallState.PUBLISHED,
        title=title,
        body=body,
        opens_on=opens,
        closes_on=closes,
        created_by=staff,
    )
    content["calls"].append(call)


def load(contexts, content_type) -> dict:
    """`contexts`: code → (committee, staff, seats, accounts) of `demo.py`; `_history` writes the
    manuscripts' versions and timelines."""
    from lvzhi.wenshi.demo import _history  # the same versions and timelines as the 2024 records

    last = timezone.localdate() - datetime.timedelta(days=1)
    summary = {}
    for code, (committee, staff, seats, accounts) in contexts.items():
        content = {"volumes": [], "items": [], "circulations": [], "calls": []}
        manuscripts, by_year = [], {}
        for year in years(last):
            if year >= FIRST_AFTER and _d(year, 1, 1) > last:
                break
            rnd = random.Random(f"wenshi-{code}-{year}")
            rows = _year_manuscripts(rnd, committee, year, last, staff, seats, accounts)
            manuscripts += rows
            by_year[year] = rows
        Manuscript.objects.bulk_create(manuscripts)
        _history(manuscripts, staff, content_type)
        for year, rows in by_year.items():
            adopted = [m for m in rows if m.state == S.ADOPTED and m.kind == ManuscriptKind.MANUSCRIPT]
            if code == "620600":
                _wuwei_volumes(committee, staff, year, last, adopted, content)
            else:
                _pingliang_books(committee, staff, year, last, adopted, content)
                _calls(committee, staff, year, last, content)
        _save(content, committee, staff)
        summary[code] = {"manuscripts": len(manuscripts), "volumes": len(content["volumes"])}
    return summary


def _save(content, committee, staff):
    Volume.objects.bulk_create([v for v, _rows, _section in content["volumes"]])
    entries = []
    for volume, rows, section in content["volumes"]:
        entries += [
            VolumeEntry(committee=committee, volume=volume, manuscript=m, position=i, section=section)
            for i, m in enumerate(rows, start=1)
        ]
    VolumeEntry.objects.bulk_create(entries)
    CollectionItem.objects.bulk_create(content["items"])
    Circulation.objects.bulk_create(content["circulations"])
    Call.objects.bulk_create(content["calls"])
    call_type = ContentType.objects.get_for_model(Call)
    steps = []
    for call in content["calls"]:
        base = {"content_type": call_type, "object_id": call.pk, "committee_id": committee.pk, "actor": staff}
        opened = _moment(call.opens_on)
        steps.append(
            Transition(**base, action="publish", from_state=CallState.DRAFT, to_state=CallState.PUBLISHED, at=opened)
        )
        if call.state == CallState.CLOSED:
            closed = _moment(call.closes_on, 18)
            steps.append(
                Transition(**base, action="close", from_state=CallState.PUBLISHED, to_state=CallState.CLOSED, at=closed)
            )
    demo_bulk.insert(steps, Transition)
