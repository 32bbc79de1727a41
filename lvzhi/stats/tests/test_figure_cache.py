"""Figure values are cached across requests and never served stale: a value is served again only
while no table it was counted from has been written — by this process at once, by any other process
once its transaction commits (core/figure_cache.py)."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.activities.choices import ActivityState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.core import figure_cache, registry
from lvzhi.core.models import TableVersion
from lvzhi.core.periods import parse_period
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.org.models import Committee
from lvzhi.stats import dashboards


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the commit hooks of the writes inside, as a committed service write does (the test's own
    transaction never commits)."""
    return django_capture_on_commit_callbacks


URL = "/api/v1/figures/activities.all?committee=620600&period=cumulative"


def _activity(committee, topic):
    start = timezone.make_aware(datetime.datetime(2024, 3, 1, 9))
    return Activity.objects.create(
        committee=committee,
        kind="grassroots",
        topic=topic,
        start=start,
        end=start + datetime.timedelta(hours=2),
        state=ActivityState.FINISHED,
    )


def _value(api_client):
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(URL)
    assert response.status_code == 200, response.content
    return response.json()["value"], len(queries)


def test_a_value_is_counted_once_and_served_again_until_its_records_change(personas, client, committed):
    cache.clear()
    client.force_login(personas.staff)
    with committed(execute=True):
        _activity(personas.wuwei, "一")
    first, cold = _value(client)
    again, warm = _value(client)
    assert again == first and warm < cold  # the second request counts nothing
    with committed(execute=True):
        _activity(personas.wuwei, "二")
    assert _value(client)[0] == first + 1  # the write is visible on the very next request
    _, warm = _value(client)
    assert warm < cold
    with committed(execute=True):
        Activity.objects.filter(topic="二").update(state=ActivityState.CANCELLED)  # no save(), no signal
    assert _value(client)[0] == first


def test_a_value_counted_in_a_transaction_that_is_rolled_back_is_not_kept(personas, client, committed):
    cache.clear()
    client.force_login(personas.staff)
    with committed(execute=True):
        _activity(personas.wuwei, "一")
    first, _ = _value(client)
    with pytest.raises(RuntimeError), transaction.atomic():
        _activity(personas.wuwei, "二")
        assert _value(client)[0] == first + 1  # its own uncommitted row counts in the transaction
        raise RuntimeError
    assert _value(client)[0] == first  # a rollback moves no version: nothing of it was kept


def test_a_write_rolled_back_does_not_keep_later_values_from_the_cache(personas, client, committed):
    """The rolled-back write's table is not left marked as written-but-uncommitted on the connection:
    a value counted after the rollback, in a transaction of its own, is kept and served again."""
    cache.clear()
    client.force_login(personas.staff)
    with committed(execute=True):
        _activity(personas.wuwei, "一")
    with pytest.raises(RuntimeError), transaction.atomic():
        _activity(personas.wuwei, "二")
        raise RuntimeError
    first, cold = _value(client)
    again, warm = _value(client)
    assert again == first and warm < cold  # the second request counts nothing


def test_a_write_committed_by_another_process_invalidates_the_value_here(personas, client, committed):
    cache.clear()
    client.force_login(personas.staff)
    with committed(execute=True):
        _activity(personas.wuwei, "一")
    first, _ = _value(client)
    # Another worker writes: this process's own counters do not move, only the published versions.
    local = dict(figure_cache._local)
    _activity(personas.wuwei, "二")
    figure_cache._local.clear()
    figure_cache._local.update(local)
    assert _value(client)[0] == first  # not yet committed there: nothing published
    figure_cache.flush(connections["default"])  # what the other worker's transaction.on_commit does
    assert TableVersion.objects.get(table=Activity._meta.db_table).version >= 1
    assert _value(client)[0] == first + 1


def test_the_versions_are_published_when_the_transaction_commits(personas, django_capture_on_commit_callbacks):
    before = TableVersion.objects.filter(table=Activity._meta.db_table).values_list("version", flat=True).first() or 0
    with django_capture_on_commit_callbacks(execute=True):
        _activity(personas.wuwei, "一")
    assert TableVersion.objects.get(table=Activity._meta.db_table).version == before + 1


def test_every_figure_is_counted_again_after_a_write_to_the_table_of_its_records(shared_demo, committed):
    """For every registered figure of every module: the tables its cached value depends on include
    its records' table, and a committed write there — a bulk `update()` that passes no model code —
    makes the next lookup count again from the records."""
    # On PostgreSQL the shared demo was loaded in a transaction that stays open under the tests: its
    # writes count as uncommitted (no value counted from them is kept) until published as at a commit.
    figure_cache.flush(connections["default"])
    cache.clear()
    ids = set(Committee.objects.values_list("pk", flat=True))
    checked = set()
    for figure in registry.figures().values():
        kind = "cumulative" if "cumulative" in figure.periods else figure.periods[0]
        period = parse_period({"year": "year:2025", "since": "since:2024-01-01"}.get(kind, kind))
        if figure.varies_with_time or getattr(period, "is_empty", False):
            continue
        with CaptureQueriesContext(connection) as first:
            figure.compute(ids, period)
        # a table declared bookkeeping publishes no version: no figure may count from it
        read = {table.lower() for q in first.captured_queries for table in figure_cache.READ.findall(q["sql"])}
        assert not read & (figure_cache.IGNORED - {figure_cache.VERSION_TABLE}), figure.key
        entry = cache.get(figure_cache._key(figure, ids, period))
        assert entry is not None, figure.key
        model = figure.records(ids, period).model
        table = model._meta.db_table
        if figure.value is None:
            assert table in entry["stamp"], (figure.key, table, sorted(entry["stamp"]))
        with CaptureQueriesContext(connection) as warm:
            figure.compute(ids, period)
        assert not warm.captured_queries or all(table not in q["sql"] for q in warm), figure.key
        if table in entry["stamp"]:
            with committed(execute=True):
                first = model._base_manager.order_by("pk").values("pk")[:1]
                model._base_manager.filter(pk__in=first).update(**{model._meta.pk.attname: F(model._meta.pk.attname)})
            with CaptureQueriesContext(connection) as cold:
                figure.compute(ids, period)
            assert any(table in q["sql"] for q in cold.captured_queries), figure.key
        checked.add(figure.module_key)
    assert len(checked) >= 10, checked


def test_a_rebuilt_duty_ledger_moves_its_tables_version(personas, committed):
    """The ledger writes new rows with COPY on PostgreSQL, which passes no execute wrapper: it moves
    the version itself, so a figure counted from the ledger is not served stale after a rebuild."""
    with committed(execute=True):
        DutyEvent.objects.all().delete()
    before = TableVersion.objects.filter(table=DutyEvent._meta.db_table).values_list("version", flat=True).first()
    with committed(execute=True):
        activity = _activity(personas.wuwei, "一")
        Attendance.objects.create(
            committee=personas.wuwei, activity=activity, member=personas.member_person, state="present"
        )
    with committed(execute=True):
        assert len(ledger.rebuild().add) == 1  # one event, inserted and nothing else
    assert TableVersion.objects.get(table=DutyEvent._meta.db_table).version == (before or 0) + 1


def test_a_charts_groups_are_kept_like_a_figure_and_recounted_after_a_write(personas, committed):
    """A dashboard's chart (its grouped query, stats.selectors.derived) is counted once and served
    again while its tables are unchanged; the next look after a write shows the write."""
    cache.clear()
    with committed(execute=True):
        _activity(personas.wuwei, "一")
    within = frozenset(Committee.objects.values_list("id", flat=True))
    sel = dashboards.selection(within, personas.wuwei, "tree", "cumulative", datetime.date(2024, 12, 31))

    def total():
        with CaptureQueriesContext(connection) as queries:
            (chart,) = dashboards.charts(sel, only=["activities.by_month"])
        return sum(d["value"] for s in chart.series for d in s["data"]), len(queries)

    first, cold = total()
    again, warm = total()
    assert again == first and warm < cold
    with committed(execute=True):
        _activity(personas.wuwei, "二")
    assert total()[0] == first + 1
    with committed(execute=True):
        Activity.objects.filter(topic="二").update(state=ActivityState.CANCELLED)  # no save(), no signal
    assert total()[0] == first


def test_figures_computed_together_count_the_cold_ones_in_one_statement_each_kept_with_its_own_tables(
    shared_demo, committed
):
    """A dashboard's cards (registry.compute_figures): the plain counts the cache lacks are counted in
    one statement, equal to counting each alone, and each value is kept with its own records' tables —
    a write to another figure's table leaves it in the cache."""
    figure_cache.flush(connections["default"])
    ids = frozenset(Committee.objects.values_list("pk", flat=True))
    period = parse_period("cumulative")
    figures = [
        f
        for f in registry.figures().values()
        if f.value is None and not f.varies_with_time and f.supports_period(period)
    ]
    assert len({f.module_key for f in figures}) >= 5
    cache.clear()
    alone = [figure.compute(ids, period) for figure in figures]
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        together = registry.compute_figures(figures, ids, period)
    assert together == alone
    counting = [q for q in cold.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(counting) == 1, [q["sql"][:120] for q in counting]
    with CaptureQueriesContext(connection) as warm:
        assert registry.compute_figures(figures, ids, period) == alone
    assert not [q for q in warm.captured_queries if "COUNT(*)" in q["sql"]]

    activities = next(f for f in figures if f.records(ids, period).model is Activity)
    others = [f for f in figures if Activity._meta.db_table not in str(f.records(ids, period).query)]
    assert others
    with committed(execute=True):
        _activity(Committee.objects.get(code="620600"), "新")
    with CaptureQueriesContext(connection) as after:
        values = registry.compute_figures([activities, *others], ids, period)
    assert values[0] == alone[figures.index(activities)] + 1
    assert values[1:] == [alone[figures.index(f)] for f in others]
    (recount,) = [q["sql"] for q in after.captured_queries if "COUNT(*)" in q["sql"]]
    assert recount.count("COUNT(*)") == 1  # only the activities' figure is counted again


@pytest.mark.parametrize("url", ["/stats/figures/?period=cumulative", "/stats/", "/proposals/dashboard/"])
def test_a_cold_dashboard_does_not_count_each_card_alone(shared_demo, client, url):
    """With nothing in the figure cache, a page of many cards counts their plain figures together:
    far fewer statements than cards."""
    figure_cache.flush(connections["default"])
    client.force_login(User.objects.get(username="wuwei_staff"))
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200
    shown = sum(1 for f in registry.figures().values() if f.label and str(f.label) in response.content.decode())
    counts = [q for q in cold.captured_queries if "COUNT(" in q["sql"] and "GROUP BY" not in q["sql"]]  # charts group
    assert shown >= 8, shown
    assert len(counts) < shown / 2, (len(counts), shown)


@pytest.mark.parametrize("url", ["/stats/figures/?period=cumulative", "/stats/", "/proposals/dashboard/"])
def test_a_warm_dashboard_reads_the_figure_cache_in_a_few_round_trips(shared_demo, client, url):
    """A page of a hundred cards reads their cached values from the cache (Redis, shared by the
    instances, in a province's deployment) a few keys at a time, not one request to it per figure
    and again per card."""
    client.force_login(User.objects.get(username="wuwei_staff"))
    assert client.get(url).status_code == 200  # counted and kept
    with mock.patch.object(figure_cache, "cache", mock.Mock(wraps=cache)) as counted:  # the same cache, counted
        response = client.get(url)
    assert response.status_code == 200
    shown = sum(1 for f in registry.figures().values() if f.label and str(f.label) in response.content.decode())
    reads = [c for c in counted.method_calls if c[0] in ("get", "get_many")]
    assert shown >= 8, shown
    # one read per figure and another per card before: 314 for 166 cards, 71 for 36, 15 for 25
    assert counted.method_calls and len(reads) <= min(20, shown / 2), (len(reads), shown)


def test_the_proposal_dashboards_breakdowns_are_kept_and_recounted_after_a_write(shared_demo, client, committed):
    from lvzhi.proposals.models import Proposal

    figure_cache.flush(connections["default"])
    client.force_login(User.objects.get(username="wuwei_staff"))
    cache.clear()

    def grouped():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/proposals/dashboard/?period=cumulative").status_code == 200
        return [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]

    assert len(grouped()) >= 3  # by category, by kind, by party
    assert grouped() == []
    with committed(execute=True):
        first = Proposal.objects.order_by("pk").values("pk")[:1]
        Proposal.objects.filter(pk__in=first).update(kind=F("kind"))
    assert len(grouped()) >= 3


def test_figures_of_two_scopes_and_periods_and_their_rates_are_read_in_one_statement(shared_demo, committed):
    """The leader's key figures (registry.compute_figures_of): plain counts and the figures computed
    from a few queries (`FromParts`: the rates, the years of service), of this term and of today, of
    the committee and of its tree — what the cache lacks is read in one statement, each value equal
    to the one computed alone and kept with the tables of its own queries."""
    figure_cache.flush(connections["default"])
    wuwei = Committee.objects.get(code="620600")
    own = frozenset([wuwei.pk])
    tree = frozenset(Committee.objects.filter(path__startswith=wuwei.path).values_list("pk", flat=True))
    periods = [parse_period("term", term_start=wuwei.current_term().start_date), parse_period("current")]
    figures = registry.figures()
    parted = [f for f in figures.values() if isinstance(f.value, registry.FromParts)]
    assert {"proposals.satisfaction", "proposals.on_time_rate", "org.years_of_service"} <= {f.key for f in parted}
    chosen = [*parted, figures["proposals.received"], figures["org.studios"]]
    items = [(f, ids, p) for f in chosen for ids in (own, tree) for p in periods if f.supports_period(p)]
    cache.clear()
    alone = [figure.compute(ids, period) for figure, ids, period in items]
    assert any(isinstance(value, float) for value in alone)  # a rate among them
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert registry.compute_figures_of(items) == alone
    reads = [q["sql"] for q in cold.captured_queries if "core_tableversion" not in q["sql"]]
    assert len(reads) == 1, [sql[:120] for sql in reads]
    with CaptureQueriesContext(connection) as warm:
        assert registry.compute_figures_of(items) == alone
    assert all("core_tableversion" in q["sql"] for q in warm.captured_queries)

    years = [i for i, (f, _ids, _p) in enumerate(items) if f.key == "org.years_of_service"]
    with committed(execute=True):
        Committee.objects.filter(pk=wuwei.pk).update(founded_on=datetime.date(1990, 1, 1))
    with CaptureQueriesContext(connection) as after:
        again = registry.compute_figures_of(items)
    assert [again[i] for i in years if items[i][1] == own] == [
        items[i][2].end.year - 1990 for i in years if items[i][1] == own
    ]
    assert [v for i, v in enumerate(again) if i not in years] == [v for i, v in enumerate(alone) if i not in years]
    (recount,) = [q["sql"] for q in after.captured_queries if "core_tableversion" not in q["sql"]]
    # what reads the committees is read again; the rates and the proposals' counts are kept
    assert "org_committee" in recount and "proposals_" not in recount


def test_a_tokens_use_publishes_no_version(personas, committed):
    """An API token's last use is bookkeeping recorded while a request reads: no figure counts tokens,
    so it costs a phone's first call no version statement (and no commit) of its own."""
    from lvzhi.accounts.services.users import create_api_token, user_for_token

    with committed(execute=True):
        _token, key = create_api_token(actor=personas.member)
    with CaptureQueriesContext(connection) as queries, committed(execute=True):
        assert user_for_token(key) == personas.member
    statements = [q["sql"] for q in queries.captured_queries]
    assert any(sql.startswith('UPDATE "accounts_apitoken"') for sql in statements)
    assert not any(figure_cache.VERSION_TABLE in sql for sql in statements)


def test_a_kept_count_is_named_by_the_rows_it_counts_not_by_its_columns(personas, committed):
    """A count is kept under the statement of the rows it counts (their ids): the same rows asked with
    other columns are served from the cache, and a distinct choice of columns (the kinds of activity
    held) is its own count, never another's."""
    cache.clear()
    with committed(execute=True):
        for topic in "一二三":
            _activity(personas.wuwei, topic)
        Activity.objects.filter(topic="三").update(kind="meeting")
    held = Activity.objects.filter(committee=personas.wuwei)
    number = held.count()
    assert figure_cache.count(held) == number >= 3
    with CaptureQueriesContext(connection) as queries:
        assert figure_cache.count(held.only("id", "topic").order_by("topic")) == number
    assert not any('"activities_activity"' in q["sql"] for q in queries.captured_queries)
    kinds = held.values("kind").distinct()
    assert 1 < kinds.count() < held.count()
    assert figure_cache.count(kinds) == kinds.count()
    assert figure_cache.counts([kinds, held]) == [kinds.count(), held.count()]


def test_a_count_the_cache_holds_as_none_asks_for_no_narrower_count(personas, committed):
    """`counts_then` (a to-do kind's rows, then its late rows): cold, every narrower count is counted
    in the same one statement as the counts; warm, a count held as 0 has its narrower query not even
    made (most to-do kinds of a user have no rows), and the others come from the cache."""
    cache.clear()
    with committed(execute=True):
        _activity(personas.wuwei, "一")
        _activity(personas.wuwei, "二")
    held = Activity.objects.filter(committee=personas.wuwei)
    nothing = Activity.objects.filter(topic="不存在")
    asked = []

    def then(index):
        asked.append(index)
        return [held, nothing][index].filter(topic="一")

    with CaptureQueriesContext(connection) as cold:
        assert figure_cache.counts_then([held, nothing], then) == ([2, 0], [1, 0])
    assert asked == [0, 1]
    assert sum('"activities_activity"' in q["sql"] for q in cold.captured_queries) == 1
    asked.clear()
    with CaptureQueriesContext(connection) as warm:
        assert figure_cache.counts_then([held, nothing], then) == ([2, 0], [1, None])
    assert asked == [0]
    assert not any('"activities_activity"' in q["sql"] for q in warm.captured_queries)
