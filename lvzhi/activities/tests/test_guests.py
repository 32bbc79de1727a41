"""Members across committees (驻地委员): a provincial member living in the city, or a city member living
in a county, is linked to that committee for a period; the committee invites them (the picker offers
them, marked), they check in and are credited in its duty record, which their own record shows; the
attendance counts include them, the counts of the committee's own members do not; and they see the
activities they are invited to, nothing else of the host committee."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.activities import services
from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.core import registry
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.periods import parse_period
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.org import services as org_services
from lvzhi.org.choices import PartyKind
from lvzhi.org.factories import make_member, make_term, make_user
from lvzhi.org.models import Affiliation, Party

START = datetime.date(2023, 1, 13)


@pytest.fixture
def guest(world):
    """A provincial member (民盟) living in 武威, linked to it, with an account."""
    p = world.p
    term = make_term(p.gansu, number=13, start=START)
    party = Party.objects.create(committee=p.gansu, name="中国民主同盟", short_name="民盟", kind=PartyKind.DEMOCRATIC)
    person = make_member(p.gansu, "马建华", term=term, party=party)
    user = make_user("guest", roles=[Role.MEMBER], committee=p.gansu, member=person)
    link = org_services.add_affiliation(
        actor=p.staff, committee=p.wuwei, member_id=person.pk, kind="resident", started_on=START, note="居住在武威"
    )
    return {"person": person, "user": user, "link": link, "term": term}


def test_staff_link_a_member_of_a_higher_committee_only(world, guest):
    p = world.p
    assert guest["link"].seat_committee == p.gansu
    with pytest.raises(Invalid) as exc:  # already linked
        org_services.add_affiliation(
            actor=p.staff, committee=p.wuwei, member_id=guest["person"].pk, kind="resident", started_on=START
        )
    assert exc.value.errors["member"]
    with pytest.raises(Invalid) as exc:  # a member of a sibling committee is no guest of 武威
        org_services.add_affiliation(
            actor=p.staff, committee=p.wuwei, member_id=p.pingliang_person.pk, kind="resident", started_on=START
        )
    assert exc.value.errors["member"]
    with pytest.raises(Invalid) as exc:
        org_services.add_affiliation(
            actor=p.staff, committee=p.wuwei, member_id=guest["person"].pk, kind="x", started_on=None
        )
    assert {"kind", "started_on"} <= exc.value.errors.keys()
    with pytest.raises(Forbidden):  # 平凉's staff may not link anyone to 武威
        org_services.add_affiliation(
            actor=p.other_staff, committee=p.wuwei, member_id=guest["person"].pk, kind="resident", started_on=START
        )
    # a city member living in a county
    county_link = org_services.add_affiliation(
        actor=p.staff, committee=p.liangzhou, member_id=p.member_person.pk, kind="liaison", started_on=START
    )
    assert county_link.seat_committee == p.wuwei
    assert Affiliation.objects.count() == 2
    with pytest.raises(Invalid):
        org_services.end_affiliation(actor=p.staff, affiliation=county_link, ended_on=datetime.date(2022, 1, 1))
    org_services.end_affiliation(actor=p.staff, affiliation=county_link, ended_on=datetime.date(2024, 6, 30))
    with pytest.raises(IllegalTransition):
        org_services.end_affiliation(actor=p.staff, affiliation=county_link, ended_on=datetime.date(2024, 7, 1))


def test_the_invitation_picker_offers_the_guests_marked_and_invites_them(world, guest, client):
    client.force_login(world.staff)
    page = client.get(f"/activities/{world.activity.pk}/invite/").content.decode()
    assert "马建华（省政协委员·驻地）" in page and "驻地委员" in page
    created = services.invite(actor=world.staff, activity=world.activity, values=[guest["person"].pk])
    assert [a.member_id for a in created] == [guest["person"].pk]
    outsider = make_member(world.p.gansu, "未登记", term=guest["term"])
    with pytest.raises(Invalid) as exc:  # a provincial member not linked to 武威
        services.invite(actor=world.staff, activity=world.activity, values=[outsider.pk])
    assert "驻地委员" in exc.value.errors["members"][0]
    detail = client.get(f"/activities/{world.activity.pk}/").content.decode()
    assert 'data-testid="guest"' in detail and "省政协委员" in detail


def test_an_ended_link_no_longer_lets_them_be_invited(world, guest):
    org_services.end_affiliation(actor=world.staff, affiliation=guest["link"], ended_on=datetime.date(2024, 1, 1))
    with pytest.raises(Invalid):
        services.invite(actor=world.staff, activity=world.activity, values=[guest["person"].pk])


def test_a_guest_sees_the_activity_they_are_invited_to_and_nothing_else(world, guest, client, api):
    other = world.new_activity(topic="另一场协商会")
    services.invite(actor=world.staff, activity=world.activity, values=[guest["person"].pk])
    client.force_login(guest["user"])
    assert client.get(f"/activities/{world.activity.pk}/").status_code == 200
    assert client.get(f"/activities/{other.pk}/").status_code == 404
    status, body = api(guest["user"], "get", "/activities/")
    assert status == 200 and [a["id"] for a in body["items"]] == [world.activity.pk]
    assert api(guest["user"], "get", f"/activities/{other.pk}")[0] == 404
    assert client.get("/org/members/").status_code == 403
    assert client.get(f"/org/members/{world.person.pk}/").status_code in (403, 404)


def test_a_guest_checks_in_and_is_credited_in_the_host_record_shown_on_their_own(world, guest, client):
    services.invite(actor=world.staff, activity=world.activity, values=[guest["person"].pk, world.person.pk])
    token, _expires = services.make_checkin_token(world.activity)
    row, already = services.check_in(actor=guest["user"], activity=world.activity, token=token)
    assert row.state == AttendanceState.PRESENT and not already
    services.finish_activity(actor=world.staff, activity=world.activity)
    event = DutyEvent.objects.get(member=guest["person"])
    assert event.committee_id == world.p.wuwei.pk
    assert not ledger.differences()
    client.force_login(guest["user"])
    page = client.get(f"/duties/me/?committee={world.p.wuwei.code}&year={event.year}")
    assert page.status_code == 200 and world.activity.topic in page.content.decode()


def test_a_linked_member_may_walk_in_and_staff_may_check_them_in(world, guest):
    token, _expires = services.make_checkin_token(world.activity)
    row, _ = services.check_in(actor=guest["user"], activity=world.activity, token=token)
    assert row.member_id == guest["person"].pk and row.state == AttendanceState.PRESENT
    outsider = make_member(world.p.gansu, "未登记", term=guest["term"])
    outsider_user = make_user("outsider", roles=[Role.MEMBER], committee=world.p.gansu, member=outsider)
    with pytest.raises(Forbidden):
        services.check_in(actor=outsider_user, activity=world.activity, token=token)
    with pytest.raises(Invalid):
        services.manual_check_in(actor=world.staff, activity=world.activity, member=outsider.pk)
    assert not Attendance.objects.filter(member=outsider).exists()


def test_attendance_counts_include_guests_but_party_counts_do_not(world, guest):
    p = world.p
    services.invite(actor=world.staff, activity=world.activity, values=[guest["person"].pk, world.person.pk])
    for member in (guest["person"], world.person):
        services.manual_check_in(actor=world.staff, activity=world.activity, member=member.pk)
    services.finish_activity(actor=world.staff, activity=world.activity)
    p.party.kind = PartyKind.DEMOCRATIC  # 李明 is a 民盟 member of 武威; the guest is 民盟 at the province
    p.party.save()
    period = parse_period("cumulative", as_of=timezone.localdate())
    figures = registry.figures()
    attendance = figures["activities.attendance"].records([p.wuwei.pk], period)
    assert set(attendance.values_list("member_id", flat=True)) == {guest["person"].pk, world.person.pk}
    party = figures["activities.party_attendance"].records([p.wuwei.pk], period)
    assert list(party.values_list("member_id", flat=True)) == [world.person.pk]
    assert "驻地" in str(figures["activities.party_attendance"].definition)


def test_the_affiliation_pages_and_api(world, guest, client, api):
    p = world.p
    client.force_login(p.staff)
    page = client.get("/org/affiliations/").content.decode()
    assert "马建华" in page and "省政协" in page
    form = client.get(f"/org/affiliations/new/?committee={p.liangzhou.pk}").content.decode()
    assert "李明（武威市）" in form
    response = client.post(
        "/org/affiliations/new/",
        {"committee": p.liangzhou.pk, "member": p.member_person.pk, "kind": "resident", "started_on": "2023-02-01"},
    )
    assert response.status_code == 302
    link = Affiliation.objects.get(committee=p.liangzhou)
    assert client.post(f"/org/affiliations/{link.pk}/end/", {"ended_on": "2024-01-01"}).status_code == 302
    link.refresh_from_db()
    assert link.ended_on == datetime.date(2024, 1, 1)
    status, body = api(p.staff, "get", "/affiliations/?current=true")
    assert status == 200 and [a["member"]["name"] for a in body["items"]] == ["马建华"]
    status, body = api(
        p.staff,
        "post",
        "/affiliations/",
        {"committee": "620602", "member": p.member_person.pk, "kind": "liaison", "started_on": "2024-03-01"},
    )
    assert status == 201 and body["seat_committee"]["name"] == "武威市"
    assert api(p.staff, "post", f"/affiliations/{body['id']}/end", {"ended_on": "2024-12-31"})[0] == 200
    assert api(p.staff, "post", f"/affiliations/{body['id']}/end", {"ended_on": "2024-12-31"})[0] == 409
    assert api(p.other_staff, "post", f"/affiliations/{body['id']}/end", {"ended_on": "2024-12-31"})[0] == 404
    status, error = api(p.staff, "post", "/affiliations/", {"committee": "620600", "member": 1, "started_on": "x"})
    assert status == 422
    assert api(p.member, "get", "/affiliations/")[0] == 403
