"""The duty record's titles and links: every kind of source named in one statement
(`registry.titles_of`, a `UNION ALL` of the kinds' reads with their values as text), each title what
the kind's own fields give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core import registry
from lvzhi.duties.checks import duty_producers_follow_the_contract
from lvzhi.duties.models import DutyEvent


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def _describers():
    """Each source model's `Titles` and the kinds of event that point at it."""
    found: dict[str, tuple] = {}
    for p in registry.duty_producers():
        if p.describe is not None:
            titles, kinds = found.setdefault(p.source, (p.describe, []))
            kinds.append(p.kind)
    return found.values()


def test_every_kind_of_source_is_named_in_one_statement_as_its_own_fields_give(demo):
    wanted = []
    for titles, kinds in _describers():
        ids = DutyEvent.objects.filter(kind__in=kinds).order_by("source_id").values_list("source_id", flat=True)
        wanted.append((titles, sorted(set(ids[:30]))))
    assert sum(1 for _titles, ids in wanted if ids) >= 10  # the demo has events of most kinds
    with CaptureQueriesContext(connection) as queries:
        together = registry.titles_of(wanted)
    assert len(queries) == 1
    for (titles, ids), found in zip(wanted, together, strict=True):
        rows = titles.model.objects.filter(pk__in=ids).values_list("pk", *titles.fields)
        # the database's text of each value is Python's (numbers, dates, text)
        as_text = {pk: [None if v is None else str(v) for v in values] for pk, *values in rows}
        assert found == {pk: titles.present(pk, *values) for pk, values in as_text.items()}
        assert set(found) == set(ids) and all(title for title, _url in found.values())


def test_the_producers_titles_are_titles(db):
    assert duty_producers_follow_the_contract() == []


def test_every_kind_of_event_names_its_source_in_the_record():
    """No row of a duty record without its content (the supervision registers' events had none)."""
    assert [p.kind for p in registry.duty_producers() if p.describe is None] == []


def test_every_link_of_a_members_own_record_opens_for_them(demo):
    """For each kind of event, three whose members have accounts (the first members by id, so plain
    members as well as office holders): the link each one's record gives it opens for them (the
    supervision registers' and liaison's records are the office's pages: unlinked)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects.filter(is_active=True, member__isnull=False)
    members = users.values_list("member_id", flat=True)
    opened = 0
    for producer in registry.duty_producers():
        events = DutyEvent.objects.filter(kind=producer.kind, member_id__in=members).order_by("member_id", "pk")
        seen = {}
        for event in events.iterator():
            seen.setdefault(event.member_id, event)
            if len(seen) == 3:
                break
        titles = producer.describe([e.source_id for e in seen.values()]) if seen else {}
        for event in seen.values():
            _title, url = titles[event.source_id]
            if url is None:
                continue
            client = Client()
            client.force_login(users.get(member_id=event.member_id))
            # a member's own view of a record may be another page (a meeting's: its member page)
            assert client.get(url, follow=True).status_code == 200, (producer.kind, url, event.member_id)
            opened += 1
    assert opened >= 30


def test_a_record_with_unlinked_events_reads_through_the_api_as_documented(demo, api):
    """The events named without a link (the supervision registers', liaison's) come through the API
    with no URL, as its document says — not a server error (PostgreSQL's CI run found one)."""
    from django.contrib.auth import get_user_model

    from lvzhi.core.api import openapi_mismatches
    from lvzhi.core.tests.openapi import openapi_document

    users = get_user_model().objects.filter(is_active=True, member__isnull=False)
    unlinked = {p.kind: p for p in registry.duty_producers() if p.describe is not None}
    read = 0
    for event in DutyEvent.objects.filter(member_id__in=users.values("member_id")).order_by("kind", "pk"):
        producer = unlinked.pop(event.kind, None)
        if producer is None or producer.describe([event.source_id])[event.source_id][1] is not None:
            continue
        path = f"/duties/{event.member_id}?year={event.date.year}"
        status, body = api(users.get(member_id=event.member_id), "get", path)
        assert status == 200, (event.kind, body)
        mine = [e for e in body["events"] if e["source"]["id"] == event.source_id and e["kind"] == event.kind]
        assert mine and mine[0]["url"] is None and mine[0]["title"]
        assert not openapi_mismatches(openapi_document(), "get", "/api/v1/duties/{member_id}", 200, body)
        read += 1
    assert read >= 3  # the demo's members have events of the registers and of liaison
