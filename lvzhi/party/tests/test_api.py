"""Party building over the API: statuses, error bodies, visibility, and the OpenAPI document against
real responses."""

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.party.models import Contact, CoveragePair, Talk

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def document():
    return openapi_document()


def test_a_pair_is_assigned_contacted_and_ended_through_the_api(world, api, document):
    body = {
        "committee": "620600",
        "term": world.term.pk,
        "kind": "party_to_non_party",
        "contactor": world.cpc_member.pk,
        "contacted": world.non_party.pk,
        "assigned_on": "2022-03-01",
    }
    status, pair = api(world.p.staff, "post", "/party/pairs/", body)
    assert status == 201, pair
    assert not openapi_mismatches(document, "post", "/api/v1/party/pairs/", 201, pair)
    pk = pair["id"]
    status, pair = api(
        world.p.staff,
        "post",
        f"/party/pairs/{pk}/contact",
        {"contacted_on": "2024-05-06", "way": "phone", "content": "交流"},
    )
    assert status == 200 and pair["contacts"] == 1, pair
    assert not openapi_mismatches(document, "post", "/api/v1/party/pairs/{pk}/contact", 200, pair)
    status, pair = api(world.p.staff, "post", f"/party/pairs/{pk}/end", {"ended_on": "2024-06-01"})
    assert status == 200 and pair["state"] == "ended" and pair["timeline"][0]["to"] == "ended"
    status, error = api(world.p.staff, "post", f"/party/pairs/{pk}/end", {"ended_on": "2024-06-02"})
    assert status == 409 and error["code"] == "illegal_transition"
    status, contacts = api(world.p.leader, "get", "/party/contacts/?committee=620600")
    assert status == 200 and contacts["count"] == 1 and contacts["items"][0]["contactor"]["name"] == "刘党员"
    assert not openapi_mismatches(document, "get", "/api/v1/party/contacts/", 200, contacts)


def test_it_answers_bad_input_with_422_and_writes_nothing(world, api):
    body = {"committee": "620600", "term": world.term.pk, "kind": "party_to_non_party", "assigned_on": "2022-03-01"}
    status, error = api(
        world.p.staff,
        "post",
        "/party/pairs/",
        {**body, "contactor": world.non_party.pk, "contacted": world.cpc_member.pk},
    )
    assert status == 422 and "contactor" in error["errors"]
    status, error = api(world.p.staff, "post", "/party/talks/", {"committee": "620600", "talked_on": "1900-01-01"})
    assert status == 422
    assert not CoveragePair.objects.exists() and not Talk.objects.exists()


def test_it_shows_a_talks_confidential_notes_only_to_the_party_staff(world, api, document):
    body = {
        "committee": "620600",
        "talked_on": "2024-04-01",
        "talker": "王书记",
        "talkee": "李干事",
        "topic": "思想动态",
        "summary": "交流工作",
        "confidential_note": "家庭困难",
    }
    status, talk = api(world.p.staff, "post", "/party/talks/", body)
    assert status == 201 and talk["confidential_note"] == "家庭困难"
    status, seen = api(world.p.leader, "get", f"/party/talks/{talk['id']}")
    assert status == 200 and seen["summary"] == "交流工作" and seen["confidential_note"] is None
    assert not openapi_mismatches(document, "get", "/api/v1/party/talks/{pk}", 200, seen)


def test_it_hides_other_committees_records_and_refuses_others(world, api):
    pair = world.pair()
    status, _ = api(world.p.other_staff, "get", f"/party/pairs/{pair.pk}")
    assert status == 404
    status, _ = api(world.p.other_staff, "post", f"/party/pairs/{pair.pk}/end", {"ended_on": "2024-06-01"})
    assert status == 404
    for user in (world.p.member, world.p.unit_user, *world.p.admins):
        status, _ = api(user, "get", "/party/pairs/")
        assert status == 403, user
    status, _ = api(world.p.leader, "post", f"/party/pairs/{pair.pk}/contact", {"contacted_on": "2024-05-06"})
    assert status == 403
    status, _ = api(None, "get", "/party/pairs/")
    assert status == 401
    assert not Contact.objects.exists()


def test_it_reports_coverage_with_the_pairs_not_yet_contacted(world, api, document):
    first = world.pair()
    second = world.pair(kind="group_to_party", contactor=world.vice_chair, contacted=world.cpc_member)
    world.contact(first)
    status, body = api(world.p.staff, "get", "/party/coverage?committee=620600&period=year:2024")
    assert status == 200, body
    assert not openapi_mismatches(document, "get", "/api/v1/party/coverage", 200, body)
    lines = {line["kind"]: line for line in body["lines"]}
    assert lines["party_to_non_party"]["pairs"] == 1 and lines["party_to_non_party"]["percent"] == 100.0
    assert lines["group_to_party"]["contacted"] == 0
    assert [u["pair"] for u in lines["group_to_party"]["uncovered"]] == [second.pk]
    status, body = api(world.p.staff, "get", "/party/coverage?committee=620600&period=year:2023")
    lines = {line["kind"]: line for line in body["lines"]}
    assert lines["party_to_non_party"]["contacted"] == 0  # the contact was in 2024
