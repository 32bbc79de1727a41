"""The party-building pages: lists with bounded queries, forms through the services, actions from
the detail page, the coverage page, and who may open them."""

import datetime

import pytest
from django.urls import reverse

from lvzhi.party.models import Contact, PartyMeeting

pytestmark = pytest.mark.django_db

LISTS = ["party:member_list", "party:meeting_list", "party:talk_list", "party:pair_list", "party:contact_list"]


def test_it_records_a_meeting_through_its_form(world, client):
    client.force_login(world.p.staff)
    data = {
        "committee": world.p.wuwei.pk,
        "branch": world.branch.pk,
        "kind": "lecture",
        "held_on": "2024-06-28",
        "topic": "七一专题党课",
        "attendees": [world.secretary.pk, world.clerk.pk],
    }
    response = client.post(reverse("party:meeting_create"), data)
    meeting = PartyMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("party:meeting_detail", args=[meeting.pk])
    assert meeting.attendees.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "七一专题党课" in page and "李干事" in page


def test_it_shows_the_services_message_on_the_form_and_writes_nothing(world, client):
    client.force_login(world.p.staff)
    data = {"committee": world.p.wuwei.pk, "branch": world.group.pk, "kind": "assembly", "held_on": "2024-06-28"}
    data["topic"] = "大会"
    page = client.post(reverse("party:meeting_create"), data).content.decode()
    assert "请选择党支部" in page
    assert not PartyMeeting.objects.exists()


def test_it_records_a_contact_from_the_pairs_page(world, client):
    pair = world.pair()
    client.force_login(world.p.staff)
    detail = client.get(reverse("party:pair_detail", args=[pair.pk])).content.decode()
    assert 'data-action="contact"' in detail and 'data-action="end"' in detail
    url = reverse("party:pair_action", args=[pair.pk, "contact"])
    client.post(url, {"contacted_on": "2024-05-06", "way": "visit", "content": "走访了解界别群众关切"})
    assert Contact.objects.get().content == "走访了解界别群众关切"
    client.post(url, {"contacted_on": "2024-05-06", "way": "nope", "content": ""})
    assert Contact.objects.count() == 1


def test_the_talk_page_shows_confidential_notes_to_party_staff_only(world, client):
    from lvzhi.party import services

    talk = services.create_talk(
        actor=world.p.staff,
        committee=world.p.wuwei,
        data={
            "talked_on": "2024-04-01",
            "talker": "王书记",
            "talkee": "李干事",
            "topic": "谈心",
            "confidential_note": "保密内容",
        },
    )
    client.force_login(world.p.staff)
    assert "保密内容" in client.get(reverse("party:talk_detail", args=[talk.pk])).content.decode()
    client.force_login(world.p.leader)
    page = client.get(reverse("party:talk_detail", args=[talk.pk])).content.decode()
    assert "谈心" in page and "保密内容" not in page


def test_it_refuses_members_units_and_admins_and_hides_other_committees(world, client):
    pair = world.pair()
    for user in (world.p.member, world.p.unit_user, *world.p.admins):
        client.force_login(user)
        assert client.get(reverse("party:pair_list")).status_code == 403
    client.force_login(world.p.other_staff)
    assert client.get(reverse("party:pair_detail", args=[pair.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("party:coverage")).status_code == 302


def test_the_coverage_page_lists_who_has_not_been_contacted(world, client):
    first = world.pair()
    world.pair(kind="group_to_party", contactor=world.vice_chair, contacted=world.cpc_member)
    world.contact(first)
    client.force_login(world.p.staff)
    page = client.get(reverse("party:coverage") + "?period=year:2024").content.decode()
    assert "陈副主席 — 刘党员" in page and "刘党员 — 李明" not in page


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_costs_the_same_queries_for_more_rows(world, client, django_assert_max_num_queries, name):
    client.force_login(world.p.staff)

    def add(n):
        for i in range(n):
            member = world.join(f"党员{i}", world.group)
            meeting = world.meeting(kind="group", branch=world.group, attendees=[member], topic=f"学习{i}")
            assert meeting.pk
        pair = world.pair() if not hasattr(world, "_pair") else world._pair
        world._pair = pair
        for i in range(n):
            world.contact(pair, contacted_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i))

    add(1)
    client.get(reverse(name))  # the first visit keeps the user's list settings
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse(name)).status_code == 200
    add(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_the_figures_page_counts_and_opens_the_records(world, client):
    world.meeting(kind="committee")
    world.meeting(kind="lecture", held_on=datetime.date(2023, 12, 31))
    client.force_login(world.p.staff)
    page = client.get(reverse("party:figures") + "?period=year:2024&committee=620600").content.decode()
    assert 'data-figure="party.meetings"' in page
    records = client.get(reverse("party:figures") + "?period=year:2024&figure=party.meetings").content.decode()
    assert "学习贯彻党的二十届三中全会精神" in records
