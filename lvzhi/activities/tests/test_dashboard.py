"""The activities dashboard: its charts count what their drill-downs list, in a bounded number of queries."""

import datetime
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.activities import services


@pytest.fixture
def as_user(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


def spec(html: str, name: str) -> dict:
    found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def held(world, committee, kind, start, subkind="", **extra):
    actor = world.p.other_staff if committee == world.p.pingliang else world.staff
    activity = services.create_activity(
        actor=actor,
        committee=committee,
        data={"kind": kind, "subkind": subkind, "topic": f"{kind}{start:%m%d}", "start": start, **extra},
    )
    return services.finish_activity(actor=actor, activity=activity)


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 9))


@pytest.fixture
def activities(world):
    p = world.p
    held(world, p.wuwei, "consultation", at(2024, 3, 5), "双月")
    held(world, p.wuwei, "consultation", at(2024, 3, 20), "界别")
    held(world, p.wuwei, "study", at(2024, 4, 2), "研讨")
    held(world, p.liangzhou, "grassroots", at(2024, 4, 9), "协商议事")
    held(world, p.liangzhou, "studio", at(2024, 5, 9), "送医", people_reached=30)
    held(world, p.wuwei, "studio", at(2024, 5, 10), "送教")
    held(world, p.pingliang, "grassroots", at(2024, 4, 9), "协商议事")  # another city: not in 武威's scope
    services.cancel_activity(actor=world.staff, activity=world.new_activity(start=at(2024, 3, 6)))  # not held


def test_the_month_chart_counts_held_activities_by_kind_and_each_bar_opens_them(world, activities, as_user):
    c = as_user(world.staff)
    page = c.get("/activities/dashboard/?period=year:2024")
    assert page.status_code == 200
    html = page.content.decode()
    assert "vendor/echarts/echarts.min.js" in html and "cdn" not in html.lower()
    chart = spec(html, "month-chart")
    assert chart["categories"][0] == "2024-01" and chart["categories"][-1] == "2024-12"
    series = {s["name"]: s["data"] for s in chart["series"]}
    march = chart["categories"].index("2024-03")
    assert series["协商活动"][march]["value"] == 2 and "基层协商" in series
    assert sum(d["value"] for s in chart["series"] for d in s["data"]) == 6
    bar = series["协商活动"][march]
    drill = c.get(unescape(bar["url"])).content.decode()
    assert 'data-testid="figure-value">2<' in drill and "consultation0305" in drill and "consultation0320" in drill
    assert "study0402" not in drill


def test_the_county_chart_counts_studio_and_grassroots_activities_per_committee(world, activities, as_user):
    c = as_user(world.staff)
    chart = spec(c.get("/activities/dashboard/?period=year:2024").content.decode(), "local-chart")
    assert chart["categories"] == ["武威市本级", "凉州区"]
    studio, grassroots = chart["series"]
    assert [d["value"] for d in studio["data"]] == [1, 1]
    assert [d["value"] for d in grassroots["data"]] == [0, 1]
    drill = c.get(unescape(grassroots["data"][1]["url"])).content.decode()
    assert 'data-testid="figure-value">1<' in drill and "grassroots0409" in drill


def test_the_cards_open_their_figures(world, activities, as_user):
    c = as_user(world.staff)
    html = c.get("/activities/dashboard/?period=year:2024").content.decode()
    cards = dict(re.findall(r'href="([^"]+)" data-figure="([^"]+)"', html))
    url = next(u for u, key in cards.items() if key == "activities.all")
    assert 'data-testid="figure-value">6<' in c.get(unescape(url)).content.decode()


def test_the_period_selector_narrows_the_charts(world, activities, as_user):
    c = as_user(world.staff)
    chart = spec(c.get("/activities/dashboard/?period=range:2024-05-01..2024-05-31").content.decode(), "month-chart")
    assert chart["categories"] == ["2024-05"]
    assert sum(d["value"] for s in chart["series"] for d in s["data"]) == 2
    bad = c.get("/activities/dashboard/?period=nonsense")
    assert bad.status_code == 200 and 'value="term" selected' in bad.content.decode()


def test_a_county_officer_sees_their_county_only(world, activities, as_user):
    chart = spec(
        as_user(world.p.county_staff).get("/activities/dashboard/?period=year:2024").content.decode(), "local-chart"
    )
    assert chart["categories"] == ["凉州区"]
    assert [s["data"][0]["value"] for s in chart["series"]] == [1, 1]


def test_members_units_and_administrators_are_refused(world, as_user):
    for user in (world.member, world.p.unit_user, *world.p.admins):
        assert as_user(user).get("/activities/dashboard/").status_code == 403


def test_the_query_count_does_not_grow_with_the_rows(world, as_user):
    c = as_user(world.staff)
    held(world, world.p.wuwei, "study", at(2024, 2, 1))
    c.get("/activities/dashboard/?period=cumulative")
    with CaptureQueriesContext(connection) as few:
        c.get("/activities/dashboard/?period=cumulative")
    for month in range(1, 12):
        held(world, world.p.liangzhou, "grassroots", at(2023, month, 3))
        held(world, world.p.wuwei, "studio", at(2022, month, 3))
    with CaptureQueriesContext(connection) as many:
        c.get("/activities/dashboard/?period=cumulative")
    assert len(many) == len(few)


def test_the_charts_are_kept_and_counted_again_after_an_activity_is_written(
    world, activities, as_user, django_capture_on_commit_callbacks
):
    """The two charts' counts are kept in the figure cache (core/figure_cache.py): a second visit
    groups nothing in SQL, and an activity held afterwards is in both charts on the next visit."""
    from django.core.cache import cache

    from lvzhi.core import figure_cache

    figure_cache.flush(connection)  # the fixtures' writes published, as at their commit
    cache.clear()
    c = as_user(world.staff)

    def charts():
        with CaptureQueriesContext(connection) as queries:
            html = c.get("/activities/dashboard/?period=year:2024").content.decode()
        grouped = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
        month, local = spec(html, "month-chart"), spec(html, "local-chart")
        return (
            sum(d["value"] for s in month["series"] for d in s["data"]),
            local["series"][0]["data"][1]["value"],
            grouped,
        )

    total, liangzhou_studios, grouped = charts()
    assert (total, liangzhou_studios) == (6, 1) and grouped  # counted
    assert charts() == (6, 1, [])  # kept
    with django_capture_on_commit_callbacks(execute=True):
        held(world, world.p.liangzhou, "studio", at(2024, 6, 1), "送医")
    total, liangzhou_studios, grouped = charts()
    assert (total, liangzhou_studios) == (7, 2) and grouped
