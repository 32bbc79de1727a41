"""core.listing: every list page sorts by its columns (kept in the URL), pages with a choice of page
size and a "go to page", reads its date filters through core.cleaning, remembers the user's
filters, and exports what it shows in the order it shows it — on the real pages of two modules."""

import io
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.core.listing import SESSION_KEY
from lvzhi.core.models import SavedListQuery
from lvzhi.org.models import Unit
from lvzhi.proposals.factories import ProposalWorld

TITLES = ["关于丙的建议", "关于甲的建议", "关于乙的建议"]


@pytest.fixture
def world(personas):
    return ProposalWorld(personas)


@pytest.fixture
def proposals(world):
    return [world.submitted(title=title) for title in TITLES]


@pytest.fixture
def staff(client, personas):
    client.force_login(personas.staff)
    return client


def _titles(response):
    return [p.title for p in response.context["page"]]


def _units(response):
    return [row["obj"].name for row in response.context["rows"]]


PROPOSALS = "/proposals/"


def test_the_proposal_list_sorts_by_a_column_both_ways_and_keeps_it_in_the_links(staff, proposals):
    url = reverse("proposals:list")
    ascending = staff.get(url, {"sort": "title"})
    assert _titles(ascending) == sorted(TITLES)
    descending = staff.get(url, {"sort": "-title"})
    assert _titles(descending) == sorted(TITLES, reverse=True)
    body = ascending.content.decode()
    assert 'aria-sort="ascending"' in body
    assert "sort=-title" in body  # the header now offers the other direction


def test_the_proposal_list_shows_the_newest_first_and_ignores_an_unknown_sort_key(staff, proposals):
    url = reverse("proposals:list")
    newest_first = list(reversed(TITLES))  # submitted one after another
    assert _titles(staff.get(url)) == newest_first
    assert _titles(staff.get(url, {"sort": "password"})) == newest_first
    assert _titles(staff.get(url, {"sort": "--title"})) == newest_first


def test_the_unit_list_sorts_by_name_both_ways(staff, personas):
    for name in ("武威市交通局", "武威市农业局", "武威市财政局"):
        Unit.objects.create(committee=personas.wuwei, name=name)
    url = reverse("org:unit_list")
    names = sorted(u.name for u in Unit.objects.filter(committee=personas.wuwei))
    assert _units(staff.get(url, {"sort": "name"})) == names
    assert _units(staff.get(url, {"sort": "-name"})) == list(reversed(names))


def test_a_page_size_and_a_page_number_are_chosen_in_the_url(staff, personas):
    Unit.objects.bulk_create([Unit(committee=personas.wuwei, name=f"单位{n:03d}") for n in range(120)])
    url = reverse("org:unit_list")
    first = staff.get(url, {"sort": "name"})
    assert len(first.context["rows"]) == 50  # the list's default
    page = staff.get(url, {"sort": "name", "per_page": "20", "page": "3"})
    assert page.context["page"].number == 3
    assert _units(page) == [f"单位{n:03d}" for n in range(40, 60)]
    body = page.content.decode()
    assert 'data-testid="goto-page"' in body and "共 121 条" in body  # 120 and the persona's unit
    assert staff.get(url, {"per_page": "7"}).context["listing"].per_page == 50  # not a choice: the default


def test_a_page_past_the_end_shows_the_last_page(staff, personas):
    Unit.objects.bulk_create([Unit(committee=personas.wuwei, name=f"单位{n:03d}") for n in range(30)])
    response = staff.get(reverse("org:unit_list"), {"per_page": "20", "page": "999"})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(response.context["rows"]) == 11
    assert staff.get(reverse("org:unit_list"), {"page": "abc"}).context["page"].number == 1


@pytest.mark.parametrize("bad", ["1900-01-01", "2024-13-45", "yesterday", "2101-01-01"])
def test_a_bad_date_filter_is_a_page_message_and_filters_nothing(staff, proposals, bad):
    response = staff.get(reverse("proposals:list"), {"submitted_from": bad})
    assert response.status_code == 200
    assert len(_titles(response)) == len(TITLES)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(t.startswith("提交日期：") and "该条件未生效" in t for t in texts), texts


def test_a_date_range_narrows_the_list(staff, proposals):
    response = staff.get(reverse("proposals:list"), {"submitted_from": "2000-01-01", "submitted_to": "2000-12-31"})
    assert _titles(response) == []
    assert len(_titles(staff.get(reverse("proposals:list"), {"submitted_from": "2000-01-01"}))) == len(TITLES)


def test_a_user_coming_back_gets_their_last_filters_until_they_clear_them(staff, proposals, personas):
    url = reverse("proposals:list")
    staff.get(url, {"q": "甲", "sort": "title", "page": "1"})
    back = staff.get(url)
    assert back.status_code == 302
    assert back["Location"] == f"{url}?q=%E7%94%B2&sort=title"  # the page number is not a filter
    assert _titles(staff.get(back["Location"])) == ["关于甲的建议"]
    cleared = staff.get(url, {"reset": "1"})
    assert cleared.status_code == 302 and cleared["Location"] == url
    assert staff.get(url).status_code == 200


def test_the_filters_are_kept_per_user_from_one_login_to_the_next(client, proposals, personas):
    url = reverse("proposals:list")
    client.force_login(personas.staff)
    client.get(url, {"state": "submitted"})
    client.logout()
    assert SavedListQuery.objects.get(user=personas.staff, key="proposals").query == "state=submitted"
    client.force_login(personas.staff)
    assert client.get(url)["Location"] == f"{url}?state=submitted"
    client.logout()
    client.force_login(personas.leader)  # another user's lists are their own
    assert client.get(url).status_code == 200


def test_emptied_filters_and_drill_downs_are_not_brought_back(staff, proposals):
    url = reverse("proposals:list")
    staff.get(url, {"q": "甲"})
    staff.get(url, {"q": ""})  # the user emptied the search box
    assert staff.get(url).status_code == 200
    staff.get(url, {"figure": "proposals.submitted"})
    assert SESSION_KEY not in staff.session or "proposals" not in staff.session[SESSION_KEY]


def _sheet(response):
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_the_export_follows_the_filters_and_the_order(staff, proposals):
    response = staff.get(reverse("proposals:list"), {"sort": "title", "q": "关于", "export": "xlsx"})
    head, rows = _sheet(response)
    title = head.index("案由")
    assert [r[title] for r in rows] == sorted(TITLES)
    response = staff.get(reverse("proposals:list"), {"sort": "-title", "q": "甲", "export": "xlsx"})
    assert [r[title] for r in _sheet(response)[1]] == ["关于甲的建议"]


def test_the_export_of_a_register_follows_its_sort(staff, personas):
    for name in ("乙单位", "甲单位", "丙单位"):
        Unit.objects.create(committee=personas.wuwei, name=name)
    response = staff.get(reverse("org:unit_list"), {"sort": "-name", "q": "单位", "export": "xlsx"})
    head, rows = _sheet(response)
    assert [r[head.index("名称")] for r in rows] == sorted(["乙单位", "甲单位", "丙单位"], reverse=True)


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    ("url", "params"),
    [(PROPOSALS, {"sort": "title", "per_page": "100"}), (PROPOSALS, {"submitted_from": "2020-01-01"})],
)
def test_a_sorted_list_takes_the_same_queries_as_its_rows_grow(staff, world, url, params):
    world.submitted(title="第一件")
    staff.get(url, params)  # the first visit writes the session once (the list's filter is remembered in it)
    before = _queries(staff, url, params)
    for n in range(12):
        world.submitted(title=f"第{n}件")
    assert _queries(staff, url, params) == before


def test_a_sorted_register_takes_the_same_queries_as_its_rows_grow(staff, personas):
    url = reverse("org:unit_list")
    Unit.objects.create(committee=personas.wuwei, name="单位")
    staff.get(url, {"sort": "-name"})  # the first visit writes the session once (the sort is remembered)
    before = _queries(staff, url, {"sort": "-name"})
    Unit.objects.bulk_create([Unit(committee=personas.wuwei, name=f"单位{n}") for n in range(30)])
    assert _queries(staff, url, {"sort": "-name"}) == before


def test_the_review_queue_shows_the_committee_and_the_date(staff, proposals):
    body = staff.get(reverse("proposals:review")).content.decode()
    header = re.search(r"<thead>.*?</thead>", body, re.S).group(0)
    assert "委员会" in header and "提交时间" in header


# --- In a real browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_a_column_header_and_the_pager_work_on_two_modules(page, login, live_server, world, personas, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    for n in range(23):
        world.submitted(title=f"关于第{n:02d}件事的建议")
    Unit.objects.bulk_create([Unit(committee=personas.wuwei, name=f"单位{n:02d}") for n in range(25)])
    login(personas.staff)

    page.goto(f"{live_server.url}{reverse('proposals:list')}?per_page=20")
    table = page.locator("[data-testid=proposal-table]")
    table.locator("th a[data-sort=title]").click()
    page.wait_for_url("**sort=title**")
    assert table.locator("tbody tr").first.locator("td").nth(1).inner_text().startswith("关于第00件事")
    table.locator("th a[data-sort=title]").click()  # the other way
    page.wait_for_url("**sort=-title**")
    assert table.locator("tbody tr").first.locator("td").nth(1).inner_text().startswith("关于第22件事")
    page.locator("[data-testid=list-pager] a[data-page='2']").click()
    page.wait_for_url("**page=2**")
    assert table.locator("tbody tr").count() == 3
    assert "sort=-title" in page.url  # the order survives paging

    page.goto(f"{live_server.url}{reverse('org:unit_list')}")
    page.locator("th a[data-sort=name]").click()
    page.wait_for_url("**sort=name**")
    page.select_option("[data-testid=per-page]", "20")  # one page of 50 becomes two of 20
    page.locator("[data-testid=goto-page] button").click()
    page.wait_for_url("**per_page=20**")
    page.locator("[data-testid=goto-page] input[name=page]").fill("2")
    page.locator("[data-testid=goto-page] button").click()
    page.wait_for_url("**page=2**")
    rows = page.locator("[data-testid=item-results] tbody tr")
    assert rows.count() == 7  # 25 and the world's two units, 20 a page
    assert rows.first.locator("td").first.inner_text().strip() == "单位20"


def test_computed_rows_sort_by_their_values_with_the_missing_last(rf, personas):
    from types import SimpleNamespace

    from lvzhi.core.listing import Column, Listing

    listing = Listing(
        key="test.rows",
        columns=(
            Column("名次", "rank", sort_value=lambda r: r.rank),
            Column("积分", "score", sort_value=lambda r: r.score),
        ),
        default_sort="rank",
        remember=False,
    )
    rows = [SimpleNamespace(rank=n, score=s) for n, s in ((1, 9), (2, None), (3, 12), (4, 5))]
    request = rf.get("/", {"sort": "-score"})
    request.user = personas.staff
    assert [r.rank for r in listing.run_rows(request, rows).page] == [3, 1, 4, 2]
    request = rf.get("/", {"sort": "nonsense"})
    request.user = personas.staff
    assert [r.rank for r in listing.run_rows(request, rows).page] == [1, 2, 3, 4]


def test_a_long_lists_count_is_kept_until_its_rows_change(staff, world, proposals, django_capture_on_commit_callbacks):
    """A list's number of rows is kept like a figure's value (core/figure_cache.py `count`): the next
    page of the same filters counts nothing in SQL, a new row is counted on the next request, and the
    API's lists do the same."""
    from django.core.cache import cache

    from lvzhi.core import figure_cache

    figure_cache.flush(connection)  # the proposals published, as at their commit
    cache.clear()
    url = reverse("proposals:list")

    def listed(path, **params):
        with CaptureQueriesContext(connection) as queries:
            response = staff.get(path, params)
        counted = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
        assert response.status_code == 200
        count = response.json()["count"] if path.startswith("/api/") else response.context["listing"].count
        return count, [sql for sql in counted if "proposals_proposal" in sql]

    count, counted = listed(url)
    assert count == 3 and counted
    assert listed(url) == (3, [])  # kept
    count, counted = listed(url, state="submitted")
    assert count == 3 and counted  # other filters: another statement, counted once
    assert listed(url, state="submitted") == (3, [])
    listed("/api/v1/proposals/")
    assert listed("/api/v1/proposals/") == (3, [])
    with django_capture_on_commit_callbacks(execute=True):
        world.submitted(title="关于丁的建议")
    count, counted = listed(url, state="submitted")
    assert count == 4 and counted  # the new row, on the very next request
    assert listed("/api/v1/proposals/")[0] == 4


def test_a_count_whose_statement_reads_the_clock_is_counted_every_time(proposals):
    from django.core.cache import cache
    from django.db.models.functions import Now

    from lvzhi.core import figure_cache
    from lvzhi.proposals.models import Proposal

    figure_cache.flush(connection)
    cache.clear()
    timed = Proposal.objects.filter(submitted_at__lte=Now())
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert figure_cache.count(timed) == 3
        assert any(q["sql"].startswith("SELECT COUNT(*)") for q in queries.captured_queries)
    assert figure_cache.count(Proposal.objects.none()) == 0
