"""The shared audience: who a record is addressed to (lvzhi.org.audience).

Exercised through an installed `Audience` model found by the app registry (the notices module's),
so that org's tests import no business module."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.accounts.factories import make_user
from lvzhi.org.audience import (
    Audience,
    AudienceKind,
    addressed_to,
    addressed_to_q,
    audience_members,
    audience_reach,
)
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.factories import make_member
from lvzhi.org.models import Membership, SpecialCommittee, Studio


@pytest.fixture
def Record():  # noqa: N802 - a model class
    model = apps.get_model("notices", "Notice")
    assert issubclass(model, Audience)
    return model


@pytest.fixture
def world(personas):
    personas.member_user = personas.member
    personas.other = make_member(personas.wuwei, "周九", role="standing")
    personas.other_user = make_user("zhou", roles=[Role.MEMBER], committee=personas.wuwei, member=personas.other)
    personas.county_user = make_user(
        "county_member", roles=[Role.MEMBER], committee=personas.liangzhou, member=personas.county_person
    )
    personas.pl_user = make_user(
        "pl_member", roles=[Role.MEMBER], committee=personas.pingliang, member=personas.pingliang_person
    )
    return personas


def record(Record, committee, **fields):
    lists = {
        k: fields.pop(k)
        for k in list(fields)
        if k in ("sectors", "special_committees", "parties", "studios", "members", "units")
    }
    row = Record.objects.create(
        committee=committee, title="t", state="published", published_at=timezone.now(), **fields
    )
    for name, values in lists.items():
        getattr(row, name).set(values)
    return row


def reached(Record, user):
    return set(addressed_to(Record.objects.all(), user).values_list("pk", flat=True))


def test_all_members_of_the_committee_and_no_one_else(Record, world):
    row = record(Record, world.wuwei)
    assert row.pk in reached(Record, world.member_user) and row.pk in reached(Record, world.other_user)
    for outsider in (world.county_user, world.pl_user, world.unit_user, world.staff, *world.admins):
        assert row.pk not in reached(Record, outsider)
    assert set(audience_members(row)) == {world.member_person, world.other}


def test_lower_committees_only_when_asked(Record, world):
    row = record(Record, world.wuwei, include_lower=True)
    assert row.pk in reached(Record, world.county_user)
    assert row.pk not in reached(Record, world.pl_user)
    assert set(audience_members(row)) == {world.member_person, world.other, world.county_person}
    county = record(Record, world.liangzhou)
    assert county.pk not in reached(Record, world.member_user)  # a lower committee's record stays there


def test_by_sector_party_and_role(Record, world):
    by_sector = record(Record, world.wuwei, audience=AudienceKind.SECTORS, sectors=[world.sector])
    by_party = record(Record, world.wuwei, audience=AudienceKind.PARTIES, parties=[world.party])
    by_role = record(Record, world.wuwei, audience=AudienceKind.ROLES, roles=Audience.roles_value(["standing"]))
    assert reached(Record, world.member_user) == {by_sector.pk, by_party.pk}
    assert reached(Record, world.other_user) == {by_role.pk}
    assert list(audience_members(by_role)) == [world.other]
    assert list(audience_members(by_sector)) == [world.member_person]


def test_by_special_committee_and_studio(Record, world):
    seat = Membership.objects.get(member=world.other)
    seat.special_committees.add(world.special)
    studio = Studio.objects.create(committee=world.wuwei, name="李明委员工作室")
    studio.members.add(world.member_person)
    by_special = record(
        Record, world.wuwei, audience=AudienceKind.SPECIAL_COMMITTEES, special_committees=[world.special]
    )
    by_studio = record(Record, world.wuwei, audience=AudienceKind.STUDIOS, studios=[studio])
    assert reached(Record, world.other_user) == {by_special.pk}
    assert reached(Record, world.member_user) == {by_studio.pk}
    assert list(audience_members(by_special)) == [world.other]
    assert list(audience_members(by_studio)) == [world.member_person]
    SpecialCommittee.objects.create(committee=world.wuwei, name="经济委员会")  # an unrelated one changes nothing
    assert reached(Record, world.other_user) == {by_special.pk}


def test_a_hand_picked_list_and_units(Record, world):
    row = record(Record, world.wuwei, audience=AudienceKind.MEMBERS, members=[world.other], units=[world.unit])
    assert reached(Record, world.other_user) == {row.pk}
    assert reached(Record, world.member_user) == set()
    assert reached(Record, world.unit_user) == {row.pk}
    assert list(audience_members(row)) == [world.other]


def test_a_member_who_left_is_no_longer_reached(Record, world):
    row = record(Record, world.wuwei)
    Membership.objects.filter(member=world.other).update(
        status=MembershipStatus.RESIGNED, ended_on=timezone.localdate(), end_reason="辞任"
    )
    assert row.pk not in reached(Record, world.other_user)
    assert world.other not in set(audience_members(row))


def test_a_term_that_ended_no_longer_counts(Record, world):
    row = record(Record, world.wuwei)
    world.wuwei.terms.update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert row.pk not in reached(Record, world.member_user)


def test_anonymous_reaches_nothing(Record, world):
    from django.contrib.auth.models import AnonymousUser

    record(Record, world.wuwei)
    assert reached(Record, AnonymousUser()) == set()


def test_addressed_to_yields_each_record_once_where_the_plain_q_may_not(Record, world):
    """A record for everyone that also lists members and sectors joins those lists: the plain Q can
    repeat it; `addressed_to` cannot."""
    row = record(
        Record, world.wuwei, members=[world.member_person, world.other], sectors=[world.sector], units=[world.unit]
    )
    assert list(addressed_to(Record.objects.all(), world.member_user).values_list("pk", flat=True)) == [row.pk]
    plain = list(Record.objects.filter(addressed_to_q(world.member_user)).values_list("pk", flat=True))
    assert set(plain) == {row.pk}


def test_a_prefix_reaches_through_a_relation(Record, world):
    row = record(Record, world.wuwei)
    Read = apps.get_model("notices", "NoticeRead")
    Read.objects.create(committee=world.wuwei, notice=row, user=world.staff)
    rows = Read.objects.filter(pk__in=Read.objects.filter(addressed_to_q(world.member_user, "notice__")).values("pk"))
    assert rows.count() == 1
    assert not Read.objects.filter(addressed_to_q(world.pl_user, "notice__")).exists()


def test_the_reach_of_many_records_at_once_is_each_ones_audience_in_a_fixed_number_of_queries(Record, world):
    """`audience_reach` (completion tables, receipts of many records) answers what `audience_members`
    answers record by record, for every kind, with and without the lower committees, in queries
    that do not grow with the records."""
    seat = Membership.objects.get(member=world.other)
    seat.special_committees.add(world.special)
    studio = Studio.objects.create(committee=world.wuwei, name="李明委员工作室")
    studio.members.add(world.member_person)
    Membership.objects.filter(member=world.county_person).update(sector=world.sector)
    rows = [
        record(Record, world.wuwei),
        record(Record, world.wuwei, include_lower=True),
        record(Record, world.liangzhou),
        record(Record, world.pingliang),
        record(Record, world.wuwei, include_lower=True, audience=AudienceKind.SECTORS, sectors=[world.sector]),
        record(Record, world.wuwei, audience=AudienceKind.PARTIES, parties=[world.party]),
        record(Record, world.wuwei, audience=AudienceKind.ROLES, roles=Audience.roles_value(["standing"])),
        record(Record, world.wuwei, audience=AudienceKind.MEMBERS, members=[world.other]),
        record(Record, world.wuwei, audience=AudienceKind.SPECIAL_COMMITTEES, special_committees=[world.special]),
        record(Record, world.wuwei, audience=AudienceKind.STUDIOS, studios=[studio]),
        record(Record, world.wuwei, audience=AudienceKind.SECTORS),  # no sector chosen: no one
    ]
    with CaptureQueriesContext(connection) as queries:
        reach = audience_reach(rows)
    assert len(queries) <= 2 + len(AudienceKind.values)
    for row in rows:
        assert reach[row.pk] == set(audience_members(row).values_list("pk", flat=True)), row.audience
    assert reach[rows[1].pk] == {world.member_person.pk, world.other.pk, world.county_person.pk}
    assert reach[rows[4].pk] == {world.member_person.pk, world.county_person.pk}
    assert reach[rows[-1].pk] == set()
    with CaptureQueriesContext(connection) as fewer:
        audience_reach(rows[:1])
    assert len(fewer) == 2  # the committees and the seats: no list is read when no record uses one


def test_a_read_request_reads_the_members_seats_once(client, personas):
    """The to-do centre asks several modules what reaches the member (notices, study materials,
    deliberation topics): a GET reads the member's seats once; a POST reads them afresh."""
    client.force_login(personas.member)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/me/todos/").status_code == 200
    seats = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "org_membership"."id"')]
    addressed = {
        table
        for q in ctx.captured_queries
        if '"audience"' in q["sql"]
        for table in ("notices_notice", "learning_studymaterial", "deliberation_topic")
        if f'"{table}"' in q["sql"]
    }
    assert len(addressed) >= 2  # more than one module asked who their records reach (counted in one statement)
    assert len(seats) == 1
