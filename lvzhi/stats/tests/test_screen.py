"""The big screen (大屏) shows the committee's headline figures: the ones its work summaries report,
one tile per placeholder of its summary templates, with the placeholder's scope and period in words
and the same number the summary writes; and it fits a 1920×1080 display without scrolling."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from playwright.sync_api import expect

from lvzhi.core import figure_cache
from lvzhi.org.models import Studio
from lvzhi.stats.models import SummaryTemplate
from lvzhi.stats.screen import headlines, period_words
from lvzhi.stats.summary import render

SHOTS = Path(__file__).resolve().parents[3] / "screenshots" / "ux"
BODY = (
    "# 一、组织建设\n\n"
    "建成委员工作室{{ figure:org.studios | scope=tree | period=current | note=W15 委员工作室 }}个"
    "（市级{{ figure:org.studios | period=current | note=W15 市级委员工作室 }}个），"
    "开展联系服务界别群众活动{{ figure:activities.studio_service | scope=tree | period=term | note=W16 联系服务 }}次。"
    "再说一遍：工作室{{ figure:org.studios | scope=tree | period=current | note=W15 委员工作室 }}个。"
)


@pytest.fixture
def summary(personas):
    for name in ("沙漠治理工作室", "文旅工作室"):
        Studio.objects.create(committee=personas.wuwei, name=name)
    Studio.objects.create(committee=personas.liangzhou, name="凉州乡村工作室")
    return SummaryTemplate.objects.create(committee=personas.wuwei, slug="highlights", title="工作综述", body=BODY)


def test_the_tiles_are_the_placeholders_of_the_summaries_with_the_summary_s_numbers(personas, summary):
    today = timezone.localdate()
    tiles = headlines(personas.wuwei, today)
    assert [t.label for t in tiles] == ["委员工作室", "市级委员工作室", "联系服务"]  # the repeat counted once
    assert [t.value for t in tiles] == ["3", "2", "0"]
    assert tiles[0].when == "含下级 · 现有" and tiles[1].when == "本级 · 现有" and tiles[2].when == "含下级 · 本届以来"
    written = render(summary, personas.wuwei, today).text()
    assert "建成委员工作室3个（市级2个）" in written
    assert tiles[0].url.startswith("/stats/figures/org.studios/")


def test_the_period_is_said_in_words():
    assert period_words("since:2024-01-01") == "2024年以来"
    assert period_words("year:2024") == "2024年"
    assert period_words("range:2024-01-01..2024-06-30") == "2024-01-01至2024-06-30"
    assert period_words("cumulative") == "累计"


def cold():
    """Every figure counted afresh by the next request: the cache emptied and the test's own writes
    published as at their commits (each request commits in production), so both measurements count
    the same figures whatever the cache kept."""
    cache.clear()
    figure_cache.flush(connection)


def test_the_screen_shows_one_tile_per_headline_in_a_bounded_number_of_queries(personas, summary, client):
    client.force_login(personas.leader)
    client.get("/stats/screen/?fragment=cards")  # the session renewed, the first request's one-off reads done
    cold()
    with CaptureQueriesContext(connection) as few:
        html = client.get("/stats/screen/?fragment=cards").content.decode()
    assert html.count('data-testid="headline"') == 3
    for name in ("一", "二", "三"):
        Studio.objects.create(committee=personas.wuwei, name=f"新工作室{name}")
    cold()
    with CaptureQueriesContext(connection) as more:
        html = client.get("/stats/screen/?fragment=cards").content.decode()
    assert ">6<small>" in html
    assert len(more) == len(few) < 40


@pytest.mark.browser
def test_the_big_screen_fits_1920_by_1080_without_scrolling(personas, summary, browser, live_server, login, page):
    login(personas.leader)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/stats/screen/")
    tiles = page.get_by_test_id("headline")
    expect(tiles).to_have_count(3)
    expect(tiles.first).to_contain_text("委员工作室")
    expect(tiles.first).to_contain_text("含下级 · 现有")
    page.wait_for_load_state("load")
    assert page.locator("body").bounding_box()["height"] <= 1080
    last_chart = page.locator(".screen-charts > div").last.bounding_box()
    assert last_chart["y"] + last_chart["height"] <= 1080
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "big-screen-1920.png"))
