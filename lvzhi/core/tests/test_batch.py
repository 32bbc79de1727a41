"""Several counts in one statement answer what each queryset's own `.count()` answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.batch import counts
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
