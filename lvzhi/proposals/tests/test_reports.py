"""Unit performance per session, the overview xlsx, the breakdown figures on the dashboard."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.core.periods import parse_period
from lvzhi.core.registry import figures
from lvzhi.proposals import selectors, services
from lvzhi.proposals.figures import BREAKDOWN_KEYS, by_category, by_kind, by_party
from lvzhi.proposals.models import Assignment


def _rate_world(world):
    """Two replied proposals (one late), one objected, ratings satisfied and unsatisfied."""
    first = world.replied()
    services.evaluate_assignment(actor=world.p.member, assignment=world.lead(first), rating="satisfied")
    second = world.replied(title="关于扩大校内课后服务覆盖面的建议")
    late = world.lead(second)
    Assignment.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    late.refresh_from_db()
    services.evaluate_assignment(actor=world.p.member, assignment=late, rating="unsatisfied", comment="进度慢")
    third = world.assigned(title="关于加强校园周边交通安全的建议")
    services.object_assignment(actor=world.p.unit_user, assignment=world.lead(third), reason="不属于本单位职责")
    return first, second, third


def test_it_counts_each_units_on_time_replies_satisfaction_and_objections(world):
    _rate_world(world)
    rows = {r.unit: r for r in selectors.unit_performance([world.committee.pk])}
    mine = rows[world.unit]
    assert (mine.replied, mine.replied_on_time, mine.on_time_rate) == (2, 1, 50.0)
    assert (mine.evaluations, mine.satisfied, mine.satisfaction_rate) == (2, 1, 50.0)
    assert mine.objections == 1
    co = rows[world.unit2]
    assert co.answering == 0 and co.on_time_rate is None and co.assigned == 3
    total = selectors.totals(list(rows.values()))
    assert total.replied == 2 and total.objections == 1


def test_the_session_selector_narrows_the_performance(world):
    _rate_world(world)
    assert selectors.unit_performance([world.committee.pk], session="between") == []
    assert selectors.unit_performance([world.p.pingliang.pk]) == []


def test_the_registered_rates_agree_with_the_selector(world):
    _rate_world(world)
    ids, period = [world.committee.pk], parse_period("term")
    found = figures()
    assert found["proposals.on_time_rate"].compute(ids, period) == 50.0
    assert found["proposals.satisfaction"].compute(ids, period) == 50.0
    assert found["proposals.replied_on_time"].compute(ids, period) == 1


def test_the_performance_page_shows_the_rates_and_exports_them(client, world):
    _rate_world(world)
    client.force_login(world.p.staff)
    page = client.get(reverse("proposals:performance"), {"session": "all"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "武威市教育局" in body and "50.0%" in body
    export = client.get(reverse("proposals:performance"), {"session": "all", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    assert "按期答复率" in header and "满意率" in header and "申请调整" in header
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["武威市教育局"][header.index("按期答复率")] == "50.0%"
    assert "合计" in values


def test_the_performance_page_queries_do_not_grow_with_units(client, world):
    _rate_world(world)
    client.force_login(world.p.staff)
    client.get(reverse("proposals:performance"), {"session": "all"})
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("proposals:performance"), {"session": "all"})
    for i in range(4):
        from lvzhi.org.models import Unit

        unit = Unit.objects.create(committee=world.committee, name=f"单位{i}")
        world.assigned(title=f"关于第{i}件的建议", units=[{"unit": unit.pk, "role": "lead"}])
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("proposals:performance"), {"session": "all"})
    assert len(more) == len(few)


@pytest.mark.parametrize("who", ["member", "unit_user", "sysadmin"])
def test_the_reports_refuse_members_units_and_admins(client, world, who):
    client.force_login(getattr(world.p, who))
    assert client.get(reverse("proposals:performance")).status_code == 403
    assert client.get(reverse("proposals:overview")).status_code == 403


def test_the_overview_lists_a_sessions_proposals_with_units_replies_and_ratings(client, world):
    first, second, third = _rate_world(world)
    world.submitted(title="尚未立案的提案")
    client.force_login(world.p.staff)
    response = client.get(reverse("proposals:overview"), {"session": "all"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["案号", "案由", "提案人"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3  # filed and later only
    by_number = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    row = by_number[first.number]
    assert row["提案人"] == "李明" and row["类别"] == "社会建设" and row["状态"] == "已答复"
    assert "武威市教育局（主办）" in row["承办单位"] and "武威市财政局（会办）" in row["承办单位"]
    assert row["答复类别"] == "武威市教育局：A" and row["评价"] == "武威市教育局：满意"
    session = first.session_id
    only = client.get(reverse("proposals:overview"), {"session": "between"})
    assert len(list(load_workbook(io.BytesIO(only.content)).active.iter_rows(min_row=2))) == 0
    assert session is not None


def test_the_overview_is_kept_and_written_again_at_once_until_a_proposal_changes(
    client, world, django_capture_on_commit_callbacks
):
    """The overview's cells are kept across requests (core/figure_cache.py): the second export of the
    same session reads no proposal, and a change to a proposal or to its units' replies is in the next
    export — never a stale file."""
    from django.core.cache import cache

    from lvzhi.core import figure_cache
    from lvzhi.proposals.models import Proposal

    first, _second, _third = _rate_world(world)
    figure_cache.flush(connection)  # the world's writes published, as at their commit
    cache.clear()
    client.force_login(world.p.staff)

    def export():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("proposals:overview"), {"session": "all"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in sheet[1]]
        rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
        read = [q["sql"] for q in queries.captured_queries if 'FROM "proposals_coproposer"' in q["sql"]]
        return rows, read

    cold, read = export()
    assert read and cold[first.number]["案由"] == first.title
    warm, read = export()
    assert warm == cold and read == []  # written from the kept cells
    with django_capture_on_commit_callbacks(execute=True):
        Proposal.objects.filter(pk=first.pk).update(title="关于改题后的提案")  # no save(), no signal
    changed, read = export()
    assert changed[first.number]["案由"] == "关于改题后的提案" and read
    with django_capture_on_commit_callbacks(execute=True):
        Assignment.objects.filter(proposal=first).update(reply_category=None)
    assert export()[0][first.number]["答复类别"] is None


def test_the_breakdowns_are_registered_figures_with_records(world):
    world.assigned()
    world.filed(kind="organisation", party=world.p.party.pk)
    world.submitted(joint=True, title="关于推进数字乡村建设的建议", category="经济建设")
    ids, period = [world.committee.pk], parse_period("term")
    found = figures()
    assert {"proposals.category.society", "proposals.kind.joint", "proposals.party.democratic"} <= BREAKDOWN_KEYS
    for key in BREAKDOWN_KEYS:
        assert found[key].compute(ids, period) == found[key].records(ids, period).count()
    assert found["proposals.category.society"].compute(ids, period) == 2
    assert found["proposals.category.economy"].compute(ids, period) == 1
    assert found["proposals.kind.joint"].compute(ids, period) == 1
    assert found["proposals.party.democratic"].compute(ids, period) == 1
    assert {n: c for n, c, _q in by_category(ids, period)} == {"社会建设": 2, "经济建设": 1}
    assert {n: c for n, c, _q in by_kind(ids, period)}["党派团体提案"] == 1
    assert [(n, c) for n, c, _q in by_party(ids, period)] == [("中国民主同盟", 1)]


def test_the_dashboard_shows_the_breakdowns_and_each_drills_down(client, world):
    world.assigned()
    world.filed(kind="organisation", party=world.p.party.pk, title="关于发展职业教育的建议", category="经济建设")
    client.force_login(world.p.staff)
    page = client.get(reverse("proposals:dashboard"))
    body = page.content.decode()
    assert 'data-testid="breakdown-category"' in body and 'data-testid="breakdown-party"' in body
    assert "proposals.category" not in body.split('data-testid="breakdown-category"')[0].split("figure-")[-1]
    links = page.context["breakdowns"]
    category = {label: query for label, _n, query in links[0][2]}
    drill = client.get(reverse("proposals:list") + "?period=term&" + category["经济建设"])
    assert [p.title for p in drill.context["page"]] == ["关于发展职业教育的建议"]
    party = links[2][2][0][2]
    drill = client.get(reverse("proposals:list") + "?period=term&" + party)
    assert [p.title for p in drill.context["page"]] == ["关于发展职业教育的建议"]
    kind = {label: query for label, _n, query in links[1][2]}
    drill = client.get(reverse("proposals:list") + "?period=term&" + kind["个人提案"])
    assert len(drill.context["page"]) == 1


def test_a_rate_figure_drills_down_to_its_proposals(client, world):
    proposal = world.replied()
    services.evaluate_assignment(actor=world.p.member, assignment=world.lead(proposal), rating="satisfied")
    client.force_login(world.p.staff)
    for key in ("proposals.satisfaction", "proposals.on_time_rate"):
        response = client.get(reverse("proposals:list"), {"figure": key, "period": "term"})
        assert response.status_code == 200
        assert [p.pk for p in response.context["page"]] == [proposal.pk]
