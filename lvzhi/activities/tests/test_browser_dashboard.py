"""In a real browser: the dashboard draws its charts from local ECharts and a click on a bar opens
its records; staff edit a subkind list on a phone-sized screen."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.tests.test_browser import PHONE, SHOTS

CLICK_BAR = """(sel) => {
  const el = document.querySelector(sel);
  el.scrollIntoView({block: "center", behavior: "instant"});  // Bootstrap scrolls smoothly otherwise
  const chart = window.echarts.getInstanceByDom(el);
  const option = chart.getOption();
  for (let s = 0; s < option.series.length; s++) {
    const data = option.series[s].data;
    for (let i = 0; i < data.length; i++) {
      if (data[i].value > 0) {
        const bar = chart.getModel().getSeriesByIndex(s).getData().getItemLayout(i);
        const box = el.getBoundingClientRect();
        return {x: box.left + bar.x + bar.width / 2, y: box.top + bar.y + bar.height / 2, url: data[i].url};
      }
    }
  }
  return null;
}"""


def held(world, committee, kind, subkind, days_ago):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    activity = services.create_activity(
        actor=world.staff,
        committee=committee,
        data={"kind": kind, "subkind": subkind, "topic": f"{subkind}活动{days_ago}", "start": start},
    )
    return services.finish_activity(actor=world.staff, activity=activity)


@pytest.mark.browser
def test_the_dashboard_draws_local_charts_and_a_bar_opens_its_records(world, page, login, live_server):
    SHOTS.mkdir(exist_ok=True)
    for days in (3, 40, 70):
        held(world, world.p.wuwei, "consultation", "双月", days)
    held(world, world.p.liangzhou, "grassroots", "协商议事", 5)
    held(world, world.p.liangzhou, "studio", "送医", 8)
    held(world, world.p.wuwei, "studio", "送教", 9)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    login(world.staff)
    page.goto(f"{live_server.url}/activities/dashboard/?period=cumulative")
    page.wait_for_selector("[data-testid=month-chart][data-drawn='1'] canvas")
    page.wait_for_selector("[data-testid=local-chart][data-drawn='1'] canvas")
    page.wait_for_timeout(800)  # let the bars' animation finish before the picture
    page.screenshot(path=str(SHOTS / "activities-dashboard-desktop.png"), full_page=True)
    assert not [u for u in outside if not u.startswith("data:")], outside
    bar = page.evaluate(CLICK_BAR, "[data-testid=local-chart]")
    assert bar is not None
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_url(lambda url: "/activities/figures/?figure=activities." in url)
    assert page.locator("[data-testid=figure-records] li a").count() >= 1
    page.goto(f"{live_server.url}/activities/dashboard/?period=cumulative")
    page.wait_for_selector("[data-testid=month-chart][data-drawn='1'] canvas")
    page.wait_for_timeout(800)
    bar = page.evaluate(CLICK_BAR, "[data-testid=month-chart]")
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_url(lambda url: "/activities/figures/" in url and "kind=" in url)
    assert "双月活动" in page.locator("[data-testid=figure-records]").inner_text()

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/activities/dashboard/?period=cumulative")
    page.wait_for_selector("[data-testid=local-chart][data-drawn='1'] canvas")
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / "activities-dashboard-phone.png"), full_page=True)


@pytest.mark.browser
def test_staff_edit_a_subkind_list_on_a_phone(world, page, login, live_server):
    SHOTS.mkdir(exist_ok=True)
    login(world.staff)
    page.goto(f"{live_server.url}/activities/subkinds/")
    page.screenshot(path=str(SHOTS / "activities-subkinds-desktop.png"), full_page=False)
    page.set_viewport_size(PHONE)
    page.fill("[data-testid=names-reading]", "读书分享\n荐书\n诗词朗诵")
    page.click("[data-testid=save-reading]")
    page.wait_for_url("**/activities/subkinds/?committee=*")
    assert services.subkinds_for(world.p.wuwei, "reading") == ["读书分享", "荐书", "诗词朗诵"]
    card = page.locator("[data-kind=reading]")
    assert "本委员会目录" in card.inner_text() and "书画展" in card.inner_text()  # counted but no longer listed
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "activities-subkinds-phone.png"), full_page=False)
