"""A to-do kind's `late` (its rows past their due date, counted in SQL with the other counts) finds
exactly the items whose `Todo.overdue` is true: on the shared demo, for every demo account and every
kind that states it, on each day around each item's due date."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.accounts.factories import session_just_renewed
from lvzhi.core import figure_cache, registry
from lvzhi.core.todos import _LateRows, overdue_list, overdue_panel
from lvzhi.liaison import services as liaison_services
from lvzhi.liaison.factories import LiaisonWorld
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.factories import OpinionWorld
from lvzhi.opinions.models import OpinionReport, OpinionSettings
from lvzhi.proposals.factories import ProposalWorld
from lvzhi.proposals.models import Assignment, ProposalPolicy

pytestmark = pytest.mark.django_db


def _demo_users():
    users = get_user_model().objects.filter(Q(username__startswith="wuwei_") | Q(username__startswith="pingliang_"))
    units = get_user_model().objects.filter(unit__isnull=False).order_by("pk")[:20]
    return list(users) + list(units)


def test_each_kinds_late_rows_are_its_items_past_their_due_date(shared_demo):
    checked, late_seen = set(), 0
    for user in _demo_users():
        for kind in registry.todo_kinds():
            if kind.rows is None or kind.late is None:
                continue
            rows = kind.rows(user)
            if rows is None:
                continue
            items = kind.items_for(user, rows.count())
            dues = {item.due for item in items if item.due}
            days = {timezone.localdate()} | {d + datetime.timedelta(days=n) for d in dues for n in (0, 1)}
            for day in days:
                expected = sum(1 for item in items if item.due and item.due < day)
                assert kind.late(rows, day).count() == expected, (user.username, kind.key, day)
                late_seen += expected
            checked.add(kind.key)
    # the demo gives most kinds something to check, and some items a due date that passes
    assert len(checked) >= 12, checked
    assert late_seen > 0


def test_the_home_pages_late_counts_are_the_to_do_centres_late_lists(shared_demo, rf):
    """What the home page's 逾期事项 counts (in SQL where the kind states `late`) is the length of the
    list its link opens (the items read one by one)."""
    compared = 0
    for user in _demo_users():
        request = rf.get("/")
        request.user = user
        panel = overdue_panel(request)
        shown = {row["key"]: row["value"] for _module, rows in (panel or {}).get("modules", []) for row in rows}
        for group in registry.todos_for(user):
            late = sum(1 for item in group.kind.items_for(user, group.count) if item.overdue)
            assert shown.get(group.kind.key, 0) == late, (user.username, group.kind.key)
            compared += 1
    assert compared > 0


def test_an_overdue_list_is_paged_in_the_database_and_lists_the_items_in_their_order(shared_demo):
    """The to-do centre's ?kind=…&overdue=1 list of a kind that states `late`: counted and sliced by the
    database (a province's office has tens of thousands of pending rows), the same items in the same
    order as reading every item and keeping the overdue ones."""
    compared = 0
    for user in _demo_users():
        for group in registry.todos_for(user):
            if group.kind.late is None:
                continue
            listed = overdue_list(user, [group])
            judged = [item for item in group.kind.items_for(user, group.count) if item.overdue]
            assert isinstance(listed, _LateRows)
            assert len(listed) == len(judged), (user.username, group.kind.key)
            assert [item for _group, item in listed[0 : len(judged)]] == judged, (user.username, group.kind.key)
            compared += bool(judged)
    assert compared > 0


def test_every_kind_states_which_of_its_rows_are_late():
    """Without `late` the home page reads a kind's items one by one to find the late ones (a
    province's office has tens of thousands): each kind stated as rows states it, `never_late` when
    its items are never past due."""
    missing = [kind.key for kind in registry.todo_kinds() if kind.rows is not None and kind.late is None]
    assert not missing, f"to-do kinds without `late`: {missing}"


# --- the kinds whose due date is a number of days after a date or a datetime's local day ----------


def _local(day, hour, minute):
    """A moment of `day` in the committees' time zone (UTC+8: 00:30 there is 16:30 UTC the day before)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _assert_late_rows_are_the_overdue_items(key, user, *, dues):
    """On the day before, of and after each item's due date, the kind's `late` selects exactly the rows
    whose item is past due on that day; the rows fall due on `dues` distinct days."""
    kind = registry.todo_kind(key)[1]
    rows = kind.rows(user)
    due_of = {row.pk: kind.todo(row).due for row in rows}
    assert len(set(due_of.values())) == dues, (key, due_of)
    late_seen = on_time_seen = 0
    for due in set(due_of.values()):
        for day in (due - datetime.timedelta(days=1), due, due + datetime.timedelta(days=1)):
            expected = {pk for pk, item_due in due_of.items() if item_due and item_due < day}
            assert set(kind.late(rows, day).values_list("pk", flat=True)) == expected, (key, day, due_of)
            late_seen += len(expected)
            on_time_seen += len(due_of) - len(expected)
    assert late_seen and on_time_seen, key


@pytest.fixture
def long_ago():
    return timezone.localdate() - datetime.timedelta(days=90)


def test_a_reply_is_late_to_rate_its_rating_days_after_the_local_day_it_came(personas, long_ago):
    world = ProposalWorld(personas)
    first, second = world.replied(title="答复于前一天深夜"), world.replied(title="答复于当天凌晨")
    ProposalPolicy.objects.filter(committee=world.committee).update(rating_days=7)  # not the default 30
    Assignment.objects.filter(pk=world.lead(first).pk).update(replied_at=_local(long_ago, 23, 30))
    # 00:30 in China: still the day before in UTC
    Assignment.objects.filter(pk=world.lead(second).pk).update(
        replied_at=_local(long_ago + datetime.timedelta(days=1), 0, 30)
    )
    _assert_late_rows_are_the_overdue_items("proposals.rate", personas.member, dues=2)


def test_an_assignment_is_late_to_sign_its_objection_days_after_the_local_day_it_came(personas, long_ago):
    world = ProposalWorld(personas)
    first, second = world.assigned(title="交办于前一天深夜"), world.assigned(title="交办于当天凌晨")
    ProposalPolicy.objects.filter(committee=world.committee).update(objection_days=3)  # not the default 10
    Assignment.objects.filter(pk=world.lead(first).pk).update(assigned_at=_local(long_ago, 23, 30))
    Assignment.objects.filter(pk=world.lead(second).pk).update(
        assigned_at=_local(long_ago + datetime.timedelta(days=1), 0, 30)
    )
    _assert_late_rows_are_the_overdue_items("proposals.sign", personas.unit_user, dues=2)


def test_an_item_sent_or_published_is_late_for_feedback_and_instruction_its_feedback_days_after(personas, long_ago):
    world = OpinionWorld(personas)
    OpinionSettings.objects.update_or_create(committee=personas.wuwei, defaults={"feedback_days": 20})
    next_day = long_ago + datetime.timedelta(days=1)
    sent = [world.sent(title=f"已报送的信息{n}") for n in range(2)]
    OpinionReport.objects.filter(pk=sent[0].pk).update(sent_on=long_ago)
    OpinionReport.objects.filter(pk=sent[1].pk).update(sent_on=next_day)
    published = [world.published(title=f"已编发的信息{n}") for n in range(2)]
    assert {r.state for r in OpinionReport.objects.filter(pk__in=[r.pk for r in published])} == {OpinionState.PUBLISHED}
    OpinionReport.objects.filter(pk=published[0].pk).update(published_at=_local(long_ago, 23, 30))
    OpinionReport.objects.filter(pk=published[1].pk).update(published_at=_local(next_day, 0, 30))
    # the office chases both the sent and the published items, which fall due on two days
    _assert_late_rows_are_the_overdue_items("opinions.feedback", personas.staff, dues=2)
    assert registry.todo_kind("opinions.feedback")[1].rows(personas.staff).count() == 4
    # a leader follows the sent items awaiting an instruction
    _assert_late_rows_are_the_overdue_items("opinions.instruction", personas.leader, dues=2)


def test_a_report_to_the_party_committee_is_late_for_its_reply_its_reply_days_after_sending(personas, long_ago):
    world = LiaisonWorld(personas)
    for n, (sent_on, reply_days) in enumerate([(long_ago, 15), (long_ago, 16), (long_ago, 20)]):
        report = world.report(subject=f"关于第{n}件事项的请示", reply_days=reply_days)
        liaison_services.send_party_report(actor=personas.staff, report=report, data={"sent_on": sent_on})
    _assert_late_rows_are_the_overdue_items("liaison.report_reply", personas.staff, dues=3)


def _home_queries(client, user) -> int:
    """The home page's queries, its figures counted afresh (as test_page_queries_at_two_sizes counts)."""
    client.force_login(user)
    client.get("/")  # the session renewed, the first request's one-off reads done
    cache.clear()
    figure_cache.flush(connection)  # the test's writes published as at their commits
    session_just_renewed(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_home_page_counts_these_late_items_without_reading_them(client, personas, long_ago):
    """The 逾期事项 panel of each user these kinds concern costs no query for them, however many of
    their items are late: they are counted in the one statement of the to-do counts."""
    p = personas
    proposals, opinions, liaison = ProposalWorld(p), OpinionWorld(p), LiaisonWorld(p)
    users = {"proposals.rate": p.member, "proposals.sign": p.unit_user, "opinions.feedback": p.staff}
    users |= {"opinions.instruction": p.leader, "liaison.report_reply": p.staff}
    before = {user.username: _home_queries(client, user) for user in users.values()}

    def add_late_items(n):
        for i in range(n):
            replied = proposals.replied(title=f"已答复的提案{n}-{i}")
            Assignment.objects.filter(pk=proposals.lead(replied).pk).update(replied_at=_local(long_ago, 9, 0))
            assigned = proposals.assigned(title=f"已交办的提案{n}-{i}")
            Assignment.objects.filter(proposal=assigned).update(assigned_at=_local(long_ago, 9, 0))
            OpinionReport.objects.filter(pk=opinions.sent(title=f"已报送的信息{n}-{i}").pk).update(sent_on=long_ago)
            published = opinions.published(title=f"已编发的信息{n}-{i}")
            OpinionReport.objects.filter(pk=published.pk).update(published_at=_local(long_ago, 9, 0))
            report = liaison.report(subject=f"关于第{n}-{i}件事项的请示")
            liaison_services.send_party_report(actor=p.staff, report=report, data={"sent_on": long_ago})

    for n in (2, 5):
        add_late_items(n)
        for key, user in users.items():
            request = RequestFactory().get("/")
            request.user = user
            late = {row["key"]: row["value"] for _m, rows in overdue_panel(request)["modules"] for row in rows}
            assert late[key] >= n, (key, late)
        assert {user.username: _home_queries(client, user) for user in users.values()} == before, n
