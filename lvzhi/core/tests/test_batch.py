"""Several counts in one statement answer what each queryset's own `.count()` answers (and single
values read with them, typed as their fields)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.batch import First, counts, values
from lvzhi.org.models import Committee, Member, Membership

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
    ]
    expected = [qs.count() for qs in querysets]
    assert expected[0] > 2 and expected[1] == 0 and expected[-1] == 0 and expected[6] == 2
    with CaptureQueriesContext(connection) as ctx:
        assert counts(querysets) == expected
    assert len(ctx) == 1


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
