"""Supervision and service after the summaries' date (part of the supervision demo): from 2025-01-01 to
the day before the load, each committee keeps the pace of its own 2024 record — the pre-litigation
mediations it took on (received through the year, most concluded within two months and most of those
successfully, the last weeks' still open), the public-interest litigation clues its members found
(sent to the procuratorate, filed, a suggestion issued, closed, as far as the days since allow), and
the matters done and problems solved at its studio and grassroots activities of those years.

Every date is after 2024-12-31, so no figure counted as of that date moves; its own random generator,
so the records before 2025 stay as they were. Transitions dated with the events, as the services
write them."""

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone

from lvzhi.core import pii
from lvzhi.supervision.choices import ClueSource, ClueState, DisputeKind, ServiceKind, ServiceState
from lvzhi.supervision.demo_common import CLUE_TOPICS, Maker, seated
from lvzhi.supervision.demo_people import MATTERS, PROBLEMS, _item, _save
from lvzhi.supervision.demo_wuwei import _court
from lvzhi.supervision.models import LitigationClue, MediationCase, MediationSession, ServiceItem

FIRST = datetime.date(2025, 1, 1)


def load(tree, seed) -> dict:
    make = Maker(seed)
    last = timezone.localdate() - datetime.timedelta(days=1)
    if last < FIRST:
        return {}
    pools = {c.pk: seated(c) for c in tree}
    years = [(datetime.date(y, 1, 1), min(datetime.date(y, 12, 31), last)) for y in range(FIRST.year, last.year + 1)]
    summary = {
        "cases": _cases(make, tree, pools, years, last),
        "clues": _clues(make, tree, pools, years, last),
        "services": _services(make, tree, pools, years, last),
    }
    make.save_transitions()
    return summary


def _share(lo, hi) -> float:
    return ((hi - lo).days + 1) / 365


def _cases(make, tree, pools, years, last) -> int:
    rng = make.rng
    pace = dict(
        MediationCase.objects.filter(committee__in=tree, received_on__year=2024)
        .values_list("committee_id")
        .annotate(n=Count("id"))
    )
    rows, links = [], []
    for committee in tree:
        court, prefix = _court(committee)
        pool = pools.get(committee.pk) or []
        for lo, hi in years:
            count = round(pace.get(committee.pk, 0) * _share(lo, hi))
            for i in range(count):
                received = make.day(lo, hi)
                closed = received + datetime.timedelta(days=rng.randint(12, 55))
                state, result = "open", ""
                if closed <= last:
                    state = "returned" if rng.random() < 0.08 else "concluded"
                    if state == "concluded":
                        result = "successful" if rng.random() < 0.78 else "failed"
                parties = "、".join(make.name() for _ in range(rng.choice([2, 2, 2, 3])))
                rows.append(
                    MediationCase(
                        committee=committee,
                        court=court,
                        case_number=f"（{lo.year}）{prefix}民诉前调{i + 1}号",
                        dispute_kind=rng.choice(DisputeKind.values),
                        received_on=received,
                        parties_encrypted=pii.encrypt(parties),
                        summary="经法院委派，由政协委员参与诉前调解。",
                        state=state,
                        result=result,
                        closed_on=closed if state != "open" else None,
                        outcome_note={"successful": "双方达成调解协议。", "failed": "双方分歧较大，调解不成。"}.get(
                            result, ""
                        ),
                    )
                )
                links.append(rng.sample(pool, min(len(pool), rng.choice([2, 2, 3]))))
    MediationCase.objects.bulk_create(rows, batch_size=500)
    through = MediationCase.mediators.through
    through.objects.bulk_create(
        [through(mediationcase_id=row.pk, member_id=pk) for row, pks in zip(rows, links, strict=True) for pk in pks],
        batch_size=2000,
    )
    sessions = []
    for row in rows:
        end = row.closed_on or last
        for _ in range(rng.choice([1, 2, 2, 3])):
            sessions.append(
                MediationSession(
                    case=row,
                    committee_id=row.committee_id,
                    held_on=make.day(row.received_on, end),
                    place=f"{row.court}诉调对接中心",
                    note="组织双方当事人面对面调解。",
                )
            )
        if row.state == "concluded":
            make.step(row, "conclude", "open", "concluded", row.closed_on, row.outcome_note)
        elif row.state == "returned":
            make.step(row, "return", "open", "returned", row.closed_on, "当事人要求诉讼，退回法院。")
    MediationSession.objects.bulk_create(sessions, batch_size=1000)
    return len(rows)


def _clues(make, tree, pools, years, last) -> int:
    """At the pace of the term up to 2024 (its clues were found over three years)."""
    rng = make.rng
    found = dict(
        LitigationClue.objects.filter(
            committee__in=tree, recorded_on__gte=datetime.date(2022, 1, 1), recorded_on__lte=datetime.date(2024, 12, 31)
        )
        .values_list("committee_id")
        .annotate(n=Count("id"))
    )
    rows, people, n = [], [], 0
    for committee in tree:
        pool = pools.get(committee.pk) or []
        for lo, hi in years:
            for _ in range(round(found.get(committee.pk, 0) / 3 * _share(lo, hi))):
                n += 1
                topic = CLUE_TOPICS[n % len(CLUE_TOPICS)]
                clue = LitigationClue(
                    committee=committee,
                    title=f"{committee.short_name}{topic}问题线索",
                    summary=f"委员在调研视察和社情民意信息中反映{topic}方面存在的问题，涉及公共利益。",
                    recorded_on=make.day(lo, hi),
                    source_kind=ClueSource.OPINION,
                    source_reference=f"《社情民意》{lo.year}年第{1 + n % 24}期",
                    state=ClueState.REGISTERED,
                )
                _advance(make, clue, committee, last, n)
                rows.append(clue)
                people.append(rng.sample(pool[:80], min(len(pool), rng.choice([1, 1, 2]))))
    LitigationClue.objects.bulk_create(rows, batch_size=500)
    through = LitigationClue.contributors.through
    through.objects.bulk_create(
        [through(litigationclue_id=row.pk, member_id=pk) for row, pks in zip(rows, people, strict=True) for pk in pks]
    )
    for row in rows:
        previous = ClueState.REGISTERED
        for action, target, day, note in (
            ("send", ClueState.SENT, row.sent_on, row.procuratorate),
            ("file", ClueState.FILED, row.filed_on, row.case_number),
            ("suggest", ClueState.SUGGESTED, row.suggestion_on, ""),
            ("close", ClueState.CLOSED, row.closed_on, row.result),
        ):
            if day:
                make.step(row, action, previous, target, day, note)
                previous = target
    return len(rows)


def _advance(make, clue, committee, last, n):
    """A clue goes as far as the days since it was found allow: sent within two weeks, filed within a
    month, a suggestion within forty days, closed within two months of that."""
    rng = make.rng
    sent = clue.recorded_on + datetime.timedelta(days=rng.randint(3, 15))
    if sent > last:
        return
    clue.procuratorate, clue.sent_on, clue.state = f"{committee.short_name}人民检察院", sent, ClueState.SENT
    filed = sent + datetime.timedelta(days=rng.randint(10, 30))
    if filed > last or rng.random() < 0.1:
        return
    clue.filed_on, clue.state = filed, ClueState.FILED
    clue.case_number = f"{committee.short_name}检行公立〔{filed.year}〕{200 + n}号"
    suggested = filed + datetime.timedelta(days=rng.randint(10, 40))
    if suggested > last or rng.random() < 0.15:
        return
    topic = clue.title.removeprefix(committee.short_name).removesuffix("问题线索")
    clue.suggestion_on, clue.state = suggested, ClueState.SUGGESTED
    clue.suggestion_summary = f"建议相关行政机关依法履职，整改{topic}问题。"
    closed = suggested + datetime.timedelta(days=rng.randint(20, 60))
    if closed <= last:
        clue.closed_on, clue.state = closed, ClueState.CLOSED
        clue.result = "行政机关已整改到位，公共利益得到保护。"


def _services(make, tree, pools, years, last) -> int:
    """The matters done and problems solved at the activities after 2024, as many a year per committee
    and kind of activity as in 2024."""
    pace = Counter()
    rows = (
        ServiceItem.objects.filter(committee__in=tree, raised_on__year=2024)
        .values_list("committee_id", "kind", "activity__kind")
        .annotate(n=Count("id"))
    )
    for committee_id, kind, activity_kind, n in rows:
        pace[(committee_id, kind, activity_kind)] += n
    Activity = ServiceItem._meta.get_field("activity").related_model
    items = []
    for (committee_id, kind, activity_kind), per_year in sorted(pace.items()):
        templates = MATTERS if kind == ServiceKind.MATTER else PROBLEMS
        for lo, hi in years:
            held = list(
                Activity.objects.filter(
                    Q(committee_id=committee_id, kind=activity_kind, state="finished"),
                    start__date__gte=lo,
                    start__date__lte=hi,
                )
                .order_by("start", "pk")
                .only("pk", "committee_id", "start", "place", "topic")
            )
            if not held:
                continue
            count = round(per_year * _share(lo, hi))
            for i in range(count):
                activity = held[i % len(held)]
                day = activity.start.date()
                item = _item(make, kind, templates, activity, True)
                done = day + datetime.timedelta(days=make.rng.randint(0, 10))
                if done > last:
                    item.state, item.done_on, item.result = ServiceState.OPEN, None, ""
                else:
                    item.done_on = done
                items.append(item)
    _save(items, make, pools)
    return len(items)
