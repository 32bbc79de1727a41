"""Reads of the duty records beyond a filter: who may read them, a member's timeline with links to the
source records, the years on record, the ranking of a committee, the members with no event, the draft
report."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Max, Min, Q, Sum, Window
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions, registry
from lvzhi.duties import ledger, scoring
from lvzhi.duties.choices import Grade
from lvzhi.duties.models import DutyEvent
from lvzhi.org.models import Affiliation, Committee, Membership


def can_read(user) -> bool:
    """Staff with the members permission, and leaders."""
    return permissions.can_read(user, Permission.MEMBERS)


is_member = permissions.is_member_user


@dataclass
class EventRow:
    kind: str
    label: str
    date: object
    year: int
    points: object
    source_type: str
    source_id: int
    title: str = ""
    url: str = ""
    kind_total: object = None  # the year's points of the event's kind, as the database sums them


def timeline(member_id: int, committee_id: int, years) -> list[EventRow]:
    """Every event of the member in the committee's record for these years, newest first, each
    with the title and link of its source: two queries, the events and the titles of every kind of
    source (`registry.titles_of`), whatever the number of events and kinds. Each row carries its
    kind's total for its year (a window over the same rows), so that a standing can be counted from
    them (`scoring.standings(..., events=counted(rows))`) with the database's own sums."""
    producers = {p.kind: p for p in ledger.producers()}
    rows = list(
        DutyEvent.objects.filter(member_id=member_id, committee_id=committee_id, year__in=list(years))
        .annotate(kind_total=Window(Sum("points"), partition_by=[F("year"), F("kind")]))
        .order_by("-date", "-id")
        .values_list("kind", "date", "year", "points", "source_id", "kind_total")
    )
    result = []
    wanted: dict[str, set] = defaultdict(set)
    describers = {}
    for kind, day, year, points, source_id, total in rows:
        producer = producers.get(kind)
        source = producer.source if producer else ""
        label = str(producer.label) if producer else kind
        result.append(EventRow(kind, label, day, year, points, source, source_id, kind_total=total))
        if producer and isinstance(producer.describe, registry.Titles):  # else a system check warns
            wanted[source].add(source_id)
            describers.setdefault(source, producer.describe)
    sources = list(wanted)
    titles = registry.titles_of([(describers[source], sorted(wanted[source])) for source in sources])
    found = dict(zip(sources, titles, strict=True))
    for row in result:
        row.title, row.url = found.get(row.source_type, {}).get(row.source_id, ("", ""))
    return result


def counted(member_id: int, events: list[EventRow], year: int) -> list[tuple]:
    """A member's timeline rows of one year as `scoring.standings`' `events`."""
    return [(member_id, e.kind, e.kind_total) for e in events if e.year == year]


def member_committees(member_id: int):
    """The committees of a member's records: where they hold a seat, and where they take part as a
    驻地委员 (a provincial member living in a city: their events there are credited in that record)."""
    ids = Membership.objects.filter(member_id=member_id).values("committee_id")
    linked = Affiliation.objects.filter(member_id=member_id).values("committee_id")
    return list(Committee.objects.filter(Q(pk__in=ids) | Q(pk__in=linked)).order_by("path"))


def years_on_record(committee_ids, member_id=None) -> list[int]:
    """The years with events (and the current year), newest first."""
    return record_years(committee_ids, member_id)[1]


def default_year(committee_ids, member_id=None) -> int:
    """The latest year on record up to this year (so a record is never opened on an empty year
    when an earlier one has events)."""
    return record_years(committee_ids, member_id)[0]


def record_years(committee_ids, member_id=None) -> tuple[int, list[int]]:
    """`default_year` and `years_on_record` in one query (a record's page shows both)."""
    this_year = timezone.localdate().year
    qs = DutyEvent.objects.filter(committee_id__in=list(committee_ids))
    if member_id is not None:
        qs = qs.filter(member_id=member_id)
    bounds = qs.aggregate(lo=Min("year"), hi=Max("year"), upto=Max("year", filter=Q(year__lte=this_year)))
    lo = min(bounds["lo"] or this_year, this_year)
    hi = max(bounds["hi"] or this_year, this_year)
    return bounds["upto"] or this_year, list(range(hi, lo - 1, -1))


@dataclass
class RankRow:
    rank: int
    membership: Membership
    standing: scoring.Standing


def ranking(committee_id: int, year: int) -> list[RankRow]:
    memberships = scoring.roster(committee_id, year)
    found = scoring.standings(committee_id, year, memberships=memberships)
    rows = sorted(memberships, key=lambda m: (-found[m.member_id].score, m.member.name_pinyin, m.member_id))
    result, rank, last = [], 0, None
    for index, m in enumerate(rows, start=1):
        s = found[m.member_id]
        if s.score != last:
            rank, last = index, s.score
        result.append(RankRow(rank, m, s))
    return result


GROUPS = {
    "sector": _("界别"),
    "party": _("参加单位"),
    "special_committee": _("专门委员会"),
}


def distribution(rows: list[RankRow], by: str = "") -> list[dict]:
    """Grade counts, in total or per sector / party / special committee (a member of two special
    committees counts in both)."""
    groups: dict[str, dict] = {}

    def add(name, row):
        group = groups.setdefault(name, {"name": name, "total": 0, "score": 0, **dict.fromkeys(Grade.values, 0)})
        group["total"] += 1
        group["score"] += row.standing.score
        group[row.standing.grade] += 1

    specials = {}
    if by == "special_committee":
        through = Membership.special_committees.through.objects.filter(
            membership_id__in=[r.membership.pk for r in rows]
        ).values_list("membership_id", "specialcommittee__name")
        for membership_id, name in through:
            specials.setdefault(membership_id, []).append(name)
    for row in rows:
        m = row.membership
        if by == "sector":
            names = [m.sector.name if m.sector_id else _("未分界别")]
        elif by == "party":
            names = [m.party.name if m.party_id else _("未填参加单位")]
        elif by == "special_committee":
            names = specials.get(m.pk) or [_("未参加专门委员会")]
        else:
            names = [_("全体委员")]
        for name in names:
            add(name, row)
    result = sorted(groups.values(), key=lambda g: (-g["total"], g["name"]))
    for g in result:
        g["average"] = round(g["score"] / g["total"], 1) if g["total"] else 0
        g["grades"] = [(Grade(v).label, Grade(v).color, g[v]) for v in Grade.values]
    return result


TO_FILL = gettext_lazy("（请补充）")  # the prefilled report's blanks; a report still holding one cannot be submitted


def draft_report(committee: Committee, year: int, standing: scoring.Standing) -> str:
    """An annual report pre-filled with the year's facts — the member's standing, which the report's
    page reads once for this and for whether a report is required — for the member to complete."""
    labels = ledger.kinds()
    lines = [
        _("%(y)s 年度履职情况述职报告") % {"y": year},
        "",
        _("%(y)s 年，本人作为%(c)s委员，认真履行政治协商、民主监督、参政议政职能。现将一年来的履职情况报告如下：")
        % {"y": year, "c": committee.name},
        "",
        _("一、履职基本情况"),
    ]
    facts = [
        f"{labels.get(k, k)} {n} 次"
        for k, n in sorted(standing.counts.items())
        if n and not k.startswith("activities.absent")
    ]
    if facts:
        for i, fact in enumerate(facts, start=1):
            lines.append(f"{i}. {fact}")
    else:
        lines.append(_("（本年度暂无履职记录）"))
    lines += [
        "",
        _("本年度履职积分 %(s)s 分。") % {"s": standing.score},
        "",
        _("二、履职基本要求完成情况"),
    ]
    for t in standing.targets:
        if t.counted:
            state = _("已完成") if t.met else _("未完成")
            lines.append(f"{t.name}：{state}（{t.done}/{t.required}）")
    lines += ["", _("三、存在的不足和今后努力方向"), TO_FILL]
    return "\n".join(str(line) for line in lines)
