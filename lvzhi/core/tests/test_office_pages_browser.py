"""The office's pages in a real browser, each class of issue 16 on two modules:

- one number everywhere (proposals, activities): the leader's key figure and the page it opens show
  the same number, and both say the period and scope in words;
- staff home (activities, proposals): today's meetings and a to-do count open exactly their rows;
- no codes (activities, opinions figure pages): periods and scopes are chosen in words, no text box
  holding "term";
- layouts (opinions, proposals): a party kept by two committees is listed once in the filters.
"""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities.factories import ActivityWorld
from lvzhi.opinions.factories import OpinionWorld
from lvzhi.org.models import Party
from lvzhi.proposals.factories import ProposalWorld


def _rows(page) -> int:
    """The rows a list page shows (a table's body rows, or the to-do centre's items)."""
    todo = page.locator("[data-testid=todo-list] li")
    if todo.count():
        return todo.count()
    return page.locator("main table tbody tr").filter(has_not=page.locator("td[colspan]")).count()


def _today_noon():
    return timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)


@pytest.mark.browser
def test_the_staff_homes_counts_open_exactly_their_rows(personas, page, login, live_server):
    world = ActivityWorld(personas)
    world.new_activity(topic="今天中午的协商会", start=_today_noon())
    world.new_activity(topic="下月的协商会", start=_today_noon() + datetime.timedelta(days=35))
    ProposalWorld(personas).submitted()
    login(personas.staff)
    for testid in ("meetings-today", "todo-count-proposals.review"):
        page.goto(f"{live_server.url}/")
        link = page.locator(f"[data-testid='{testid}']")
        shown = int(link.locator("[data-count], .fs-5").first.inner_text())
        assert shown >= 1, testid
        with page.expect_navigation():
            link.click()
        assert _rows(page) == shown, f"{testid}: {shown} on the home page, {_rows(page)} rows behind it"


@pytest.mark.browser
def test_a_key_figure_and_its_page_agree_and_say_their_period_and_scope(personas, page, login, live_server):
    ActivityWorld(personas)
    ProposalWorld(personas).filed()
    login(personas.leader)
    for key in ("proposals.received", "activities.all"):
        page.goto(f"{live_server.url}/")
        card = page.locator(f"a[data-figure='{key}']")
        shown = card.locator("[data-figure-value]").inner_text().strip()
        words = card.locator("[data-testid=figure-words]").inner_text()
        assert "本届以来" in words and "武威市（含县区）" in words, words
        with page.expect_navigation():
            card.click()
        target = page.locator("[data-figure-value], [data-testid=figure-value]").first
        assert target.inner_text().strip() == shown, key


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/activities/figures/", "/opinions/figures/"])
def test_figure_pages_choose_the_period_in_words(personas, page, login, live_server, path):
    login(personas.staff)
    page.goto(f"{live_server.url}{path}")
    assert page.locator("input[name=period]").count() == 0
    period = page.locator("[data-testid=figure-filter] select[name=period]")
    assert "本届以来" in period.locator("option").all_inner_texts()
    page.select_option("[data-testid=figure-filter] select[name=scope]", "tree")
    with page.expect_navigation():
        page.click("[data-testid=figure-filter] button")
    scope = page.locator("[data-testid=figure-scope]").inner_text()
    assert "武威市（含县区）" in scope and "tree" not in scope and "term" not in scope


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/opinions/queue/", "/proposals/"])
def test_a_party_kept_by_two_committees_is_listed_once(personas, page, login, live_server, path):
    OpinionWorld(personas)
    Party.objects.create(committee=personas.liangzhou, name=personas.party.name, short_name=personas.party.short_name)
    login(personas.staff)
    page.goto(f"{live_server.url}{path}")
    options = [t.strip() for t in page.locator("select[name=party] option").all_inner_texts()][1:]
    assert options and len(options) == len(set(options)), options
