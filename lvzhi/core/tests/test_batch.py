"""Several counts in one statement answer what each queryset's own `.count()` answers (and single
values read with them, typed as their fields); several querysets' rows read in one statement are the
instances each queryset gives on its own."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast, TruncDate
from django.test.utils import CaptureQueriesContext

from lvzhi.core.batch import First, counts, related_keys, rows, values
from lvzhi.core.models import AuditEntry
from lvzhi.org.models import Committee, Member, Membership, Sector

pytestmark = pytest.mark.django_db


def test_each_count_is_the_querysets_own_count_in_one_statement(personas):
    querysets = [
        Member.objects.all(),
        Member.objects.filter(name__startswith="不存在"),
        Member.objects.order_by("-name"),  # ordering is dropped, not counted
        Committee.objects.filter(path__startswith=personas.wuwei.path),
        Member.objects.filter(memberships__committee__path__startswith="/").distinct(),  # a join, distinct
        Member.objects.filter(memberships__committee__path__startswith="/"),  # a join's duplicates count
        Member.objects.order_by("pk")[:2],  # a slice
        Membership.objects.none(),  # Django asks nothing for .none()
        Member.objects.filter(committee_id__in=[]),  # nor for a condition nothing meets (a user of no committee)
        Committee.objects.values("level").distinct(),  # the levels of committee, not the committees
        Committee.objects.values_list("level", "parent_id").distinct(),
    ]
    expected = [qs.count() for qs in querysets]
    assert expected[0] > 2 and expected[1] == 0 and expected[8] == 0 and expected[6] == 2
    levels = set(Committee.objects.values_list("level", flat=True))
    assert expected[9] == len(levels) < Committee.objects.count()
    assert expected[10] == len(set(Committee.objects.values_list("level", "parent_id")))
    with CaptureQueriesContext(connection) as ctx:
        assert counts(querysets) == expected
    assert len(ctx) == 1


def test_counts_over_the_same_tables_read_them_once_and_each_is_its_own_count(personas):
    wuwei = Member.objects.filter(committee__path__startswith=personas.wuwei.path)  # a join, shared
    querysets = [
        Member.objects.all(),  # no condition of its own: every row of the pass
        Member.objects.filter(name__startswith="李"),
        Member.objects.exclude(name__startswith="李").filter(gender="F"),
        Member.objects.filter(name__startswith="不存在"),
        wuwei,
        wuwei.filter(name__startswith="李"),
        wuwei.exclude(gender="F"),
        Member.objects.filter(Exists(Membership.objects.filter(member=OuterRef("pk")))),  # a subquery: alone
        Membership.objects.filter(committee__path__startswith="/"),
    ]
    expected = [qs.count() for qs in querysets]
    assert expected[0] > expected[1] > 0 and expected[3] == 0 and expected[4] > expected[5] > 0
    with CaptureQueriesContext(connection) as ctx:
        assert counts(querysets) == expected
    assert len(ctx) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert sql.count('FROM "org_member"') == 3  # the plain pass, the joined pass, the subquery's count
    assert sql.count("COUNT(CASE WHEN") == 7 - 2  # a count without its own condition counts every row


def test_no_queryset_no_statement():
    with CaptureQueriesContext(connection) as ctx:
        assert counts([]) == []
        assert counts([Member.objects.none()]) == [0]
    assert len(ctx) == 0


def test_first_values_are_read_with_the_counts_and_typed_as_the_field(personas):
    founded = Committee.objects.filter(founded_on__isnull=False).order_by("founded_on").values_list("founded_on")
    parts = [
        Member.objects.all(),
        First(founded),  # a date (SQLite answers text: converted as the field reads it)
        First(Committee.objects.order_by("-path").values_list("path")),
        First(Committee.objects.none().values_list("pk")),  # no row: None, without asking
        First(Committee.objects.filter(pk__in=[]).values_list("founded_on")),
    ]
    expected = [Member.objects.count(), datetime.date(2002, 11, 20), Committee.objects.order_by("-path")[0].path]
    with CaptureQueriesContext(connection) as ctx:
        assert values(parts) == [*expected, None, None]
    assert len(ctx) == 1


def _same(a, b, depth=0) -> bool:
    """The same instance as Django built it: class, every attribute (value and type: a date is not a
    string, a Decimal not a float, an aware datetime in the same zone) and what it select_related."""
    if a is None or b is None:
        return a is b
    if type(a) is not type(b):
        return False
    mine = {k: v for k, v in vars(a).items() if k != "_state"}
    theirs = {k: v for k, v in vars(b).items() if k != "_state"}
    if mine.keys() != theirs.keys():
        return False
    for key, value in mine.items():
        if value != theirs[key] or type(value) is not type(theirs[key]) or repr(value) != repr(theirs[key]):
            return False
    cached, other = a._state.fields_cache, b._state.fields_cache
    return cached.keys() == other.keys() and (depth > 2 or all(_same(cached[k], other[k], depth + 1) for k in cached))


def _querysets(p):
    AuditEntry.objects.create(
        action="batch.one", before={"a": [1, "二"]}, ip="10.0.0.1", committee=p.wuwei, actor=p.staff
    )
    AuditEntry.objects.create(action="batch.two", after={"b": True, "n": None}, ip="2001:db8::1")
    AuditEntry.objects.create(action="batch.three")
    Sector.objects.create(committee=p.wuwei, name="教育界", sort=3, is_active=False)
    first_seat = Membership.objects.filter(member=OuterRef("pk")).order_by("started_on").values("started_on")[:1]
    return [
        # JSON, an IP address, nulls, aware datetimes and the day in the local zone; the model's ordering
        AuditEntry.objects.filter(action__startswith="batch.")
        .select_related("actor", "committee")
        .annotate(day=TruncDate("at")),
        AuditEntry.objects.filter(action__startswith="batch.").order_by("action")[1:3],  # a slice past the first
        # an aggregate, an EXISTS, a date from a subquery; descending order
        Member.objects.select_related("committee")
        .annotate(
            seats=Count("memberships"),
            has_sector=Exists(Membership.objects.filter(member=OuterRef("pk"), sector__isnull=False)),
            first_seat=Subquery(first_seat),
        )
        .order_by("-name", "pk")[:2],
        # a null relation, ordered by a nullable column with nulls last, and by a relation's column
        Membership.objects.select_related("member", "committee", "sector").order_by(
            F("ended_on").asc(nulls_last=True), "-committee__path", "pk"
        ),
        Sector.objects.annotate(weight=Cast("sort", DecimalField(max_digits=6, decimal_places=1))),  # a Decimal, a bool
        Committee.objects.filter(pk__in=[]),  # a condition nothing meets
        Member.objects.none(),
        Committee.objects.order_by("path")[10:],  # a slice past the end
    ]


def test_each_querysets_rows_are_its_own_in_one_statement(personas):
    querysets = _querysets(personas)
    expected = [list(qs) for qs in querysets]
    assert [len(found) for found in expected] == [3, 2, 2, Membership.objects.count(), Sector.objects.count(), 0, 0, 0]
    with CaptureQueriesContext(connection) as ctx:
        found = rows(querysets)
    assert len(ctx) == 1
    assert [[obj.pk for obj in objs] for objs in found] == [[obj.pk for obj in objs] for objs in expected]
    for mine, theirs in zip(found, expected, strict=True):
        assert all(_same(a, b) for a, b in zip(mine, theirs, strict=True))
    assert found[0][-1].before == {"a": [1, "二"]} and found[0][-1].ip == "10.0.0.1"


def test_what_it_cannot_read_together_is_read_on_its_own(personas):
    querysets = [
        Member.objects.filter(memberships__committee__path__startswith="/").distinct().order_by("pk"),
        Member.objects.prefetch_related("memberships").order_by("pk"),
        Membership.objects.order_by("committee", "pk"),  # by the committees' own ordering (path)
        Committee.objects.values("pk", "path"),
        Committee.objects.order_by("pk"),
    ]
    expected = [list(qs) for qs in querysets]
    found = rows(querysets)
    assert found[3] == expected[3]
    for index in (0, 1, 2, 4):
        assert [obj.pk for obj in found[index]] == [obj.pk for obj in expected[index]]
        assert all(_same(a, b) for a, b in zip(found[index], expected[index], strict=True))
    assert [list(m.memberships.all()) for m in found[1]] == [list(m.memberships.all()) for m in expected[1]]


def test_no_rows_asked_no_statement():
    with CaptureQueriesContext(connection) as ctx:
        assert rows([]) == []
        assert rows([Member.objects.none(), Member.objects.filter(pk__in=[])]) == [[], []]
    assert len(ctx) == 0


def test_several_relations_keys_are_each_relations_own_in_one_statement(personas):
    """An audience's lists (a notice's sectors, parties, members, units…) in one statement: each the
    relation's own keys in key order, an empty relation empty."""
    from lvzhi.notices.models import Notice
    from lvzhi.org.factories import make_member

    notice = Notice.objects.create(committee=personas.wuwei, title="关于开展调研的通知", body="正文")
    others = [make_member(personas.wuwei, name) for name in ("甲一", "乙二", "丙三")]
    notice.members.set([others[2], others[0], personas.member_person])
    notice.sectors.set([personas.sector])
    names = ("sectors", "special_committees", "parties", "studios", "members", "units")
    with CaptureQueriesContext(connection) as queries:
        found = related_keys(notice, names)
    assert len(queries) == 1
    assert found == {name: sorted(getattr(notice, name).values_list("pk", flat=True)) for name in names}
    assert len(found["members"]) == 3 and found["parties"] == []
