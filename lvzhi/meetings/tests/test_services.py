"""Agenda, registration, seating, groups and materials through the services."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from lvzhi.accounts.choices import Role
from lvzhi.activities import services as activity_services
from lvzhi.activities.models import Attendance
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Notification
from lvzhi.meetings import services
from lvzhi.meetings.models import AgendaItem, Discussion, Group, MaterialRead, Meeting, Registration, Seat
from lvzhi.meetings.strokes import surname_strokes
from lvzhi.org.factories import make_member, make_user

pytestmark = pytest.mark.django_db


# --- agenda ---------------------------------------------------------------------------------------


def test_publishing_the_agenda_tells_the_attendees_and_a_later_change_publishes_the_next_version(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(actor=world.staff, meeting=world.meeting)
    assert Notification.objects.filter(user=world.p.member, title__startswith="会议议程已发布").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.update_agenda_item(
            actor=world.staff,
            item=world.item2,
            data={"day": world.item2.day, "half": "afternoon", "starts_at": "15:30", "title": "审议常委会工作报告"},
        )
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert meeting.agenda_version == 2
    assert meeting.revisions.get(number=2).items[1]["starts_at"] == "15:30"
    changed = Notification.objects.filter(user=world.p.member, title__contains="第2版")
    assert changed.count() == 1 and "审议常委会工作报告" in changed.get().body


def test_a_bad_agenda_item_is_refused_with_every_problem_and_nothing_written(world):
    before = AgendaItem.objects.count()
    with pytest.raises(Invalid) as exc:
        services.add_agenda_item(
            actor=world.staff,
            meeting=world.meeting,
            data={"day": world.item.day + datetime.timedelta(days=30), "half": "noon", "starts_at": "9点", "title": ""},
        )
    assert set(exc.value.errors) == {"day", "half", "starts_at", "title"}
    assert "会期" in exc.value.errors["day"][0]
    assert AgendaItem.objects.count() == before


def test_only_the_office_of_the_meeting_edits_its_agenda(world):
    for user in (world.p.member, world.p.other_staff, world.p.leader, world.p.sysadmin):
        with pytest.raises(Forbidden):
            services.publish_agenda(actor=user, meeting=world.meeting)
    assert Meeting.objects.get(pk=world.meeting.pk).agenda_version == 0


def test_a_meeting_is_set_up_once_per_activity(world):
    with pytest.raises(Invalid):
        services.create_meeting(actor=world.staff, activity=world.activity)


# --- registration ---------------------------------------------------------------------------------


def test_the_desk_finds_a_member_by_pinyin_initials_and_registers_them_with_lodging(world):
    found = services.search_attendees(world.meeting, "zm")
    assert [r.member for r in found] == [world.zhou]
    reg, already = services.register_member(
        actor=world.staff, meeting=world.meeting, member=world.zhou.pk, lodging={"hotel": "天马宾馆", "room": "301"}
    )
    assert not already and reg.method == "search" and reg.hotel == "天马宾馆"
    assert Attendance.objects.get(activity=world.activity, member=world.zhou).state == "present"
    again, already = services.register_member(actor=world.staff, meeting=world.meeting, member=world.zhou.pk)
    assert already and again.pk == reg.pk
    assert AuditEntry.objects.filter(action="registration.create", object_id=str(reg.pk)).count() == 1


def test_bulk_registration_refuses_the_whole_batch_when_one_was_not_invited(world):
    stranger = make_member(world.p.pingliang, "孙立")
    with pytest.raises(Invalid):
        services.register_bulk(actor=world.staff, meeting=world.meeting, members=[world.li.pk, stranger.pk])
    assert not Registration.objects.exists()
    assert services.register_bulk(actor=world.staff, meeting=world.meeting, members=[world.li.pk, world.wang.pk]) == 2


def test_a_member_registers_by_the_qr_code_of_the_activity(world):
    token, _ = activity_services.make_checkin_token(world.activity)
    reg, already = services.register_by_qr(actor=world.p.member, meeting=world.meeting, token=token)
    assert reg.member == world.li and reg.method == "qr" and not already
    with pytest.raises(Invalid):
        services.register_by_qr(actor=world.user(world.zhou), meeting=world.meeting, token="forged")
    assert not Registration.objects.filter(member=world.zhou).exists()


def test_leave_from_the_invitation_carries_over_and_the_excused_get_no_seat(world):
    activity_services.respond(actor=world.user(world.ding), activity=world.activity, answer="leave", reason="出差")
    row = Attendance.objects.get(activity=world.activity, member=world.ding)
    activity_services.decide_leave(actor=world.staff, attendance=row, approved=True)
    states = {r.member_id: r.state for r in services.search_attendees(world.meeting, "")}
    assert states[world.ding.pk] == "excused"
    assert world.ding.pk not in services.seating_order(world.meeting)


# --- seating --------------------------------------------------------------------------------------


def test_automatic_seating_puts_leaders_first_then_sectors_then_surname_strokes(world):
    assert surname_strokes("丁一") == 2 < surname_strokes("王海") == 4 < surname_strokes("赵强") == 9
    seated = services.auto_seat(actor=world.staff, meeting=world.meeting, room=world.room.pk)
    assert seated == 5
    order = [s.member for s in Seat.objects.filter(room=world.room).order_by("row", "number")]
    # vice-chair first; then 经济界 (sort 0): 丁一 (2 strokes), 李明 (7); then 教育界: 王海 (4), 赵强 (9)
    assert order == [world.zhou, world.ding, world.li, world.wang, world.zhao]
    first = Seat.objects.get(member=world.ding)
    assert (first.row, first.number) == (1, 2)
    assert Seat.objects.get(member=world.zhao).row == 2


def test_seating_refuses_a_room_too_small(world):
    small = services.add_room(
        actor=world.staff, meeting=world.meeting, data={"name": "小会议室", "rows": 1, "seats_per_row": 2}
    )
    with pytest.raises(Invalid) as exc:
        services.auto_seat(actor=world.staff, meeting=world.meeting, room=small.pk)
    assert "座位不足" in exc.value.errors["room"][0]
    assert not Seat.objects.exists()


def test_moving_onto_a_taken_seat_swaps_the_two(world):
    services.auto_seat(actor=world.staff, meeting=world.meeting, room=world.room.pk)
    services.move_seat(
        actor=world.staff, meeting=world.meeting, member=world.zhao.pk, room=world.room.pk, row=1, number=1
    )
    assert (Seat.objects.get(member=world.zhao).row, Seat.objects.get(member=world.zhao).number) == (1, 1)
    assert (Seat.objects.get(member=world.zhou).row, Seat.objects.get(member=world.zhou).number) == (2, 1)
    with pytest.raises(Invalid):
        services.move_seat(
            actor=world.staff, meeting=world.meeting, member=world.zhao.pk, room=world.room.pk, row=9, number=1
        )


def test_the_seating_chart_is_a_docx_with_every_seat(world, client):
    services.auto_seat(actor=world.staff, meeting=world.meeting, room=world.room.pk)
    client.force_login(world.staff)
    response = client.get(f"/meetings/{world.meeting.pk}/seating.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    table = doc.tables[0]
    assert table.cell(1, 1).text == "周敏" and table.cell(2, 1).text == "赵强"
    section = doc.sections[0]  # landscape A4 by default, A3 for a large hall
    assert round(section.page_width.cm, 1) == 29.7 and round(section.page_height.cm, 1) == 21.0
    a3 = Document(io.BytesIO(client.get(f"/meetings/{world.meeting.pk}/seating.docx?paper=a3").content))
    assert round(a3.sections[0].page_width.cm, 1) == 42.0
    assert a3.tables[0].cell(1, 1).text == "周敏"
    client.force_login(world.p.member)
    assert client.get(f"/meetings/{world.meeting.pk}/seating.docx").status_code == 403


# --- groups ---------------------------------------------------------------------------------------


def test_groups_by_sector_and_the_secretary_records_the_discussion(world):
    assert services.groups_by_sector(actor=world.staff, meeting=world.meeting) == 2
    economy = Group.objects.get(name="经济界组")
    assert set(economy.members.all()) == {world.ding, world.li}
    assert economy.convener == world.ding  # the fewest strokes of the sector (丁 2, 李 7)
    assert Group.objects.get(name="教育界组").convener == world.wang  # 王 4, 周 8, 赵 9
    with pytest.raises(Forbidden):  # no secretary named yet: only the office records
        services.record_discussion(actor=world.p.member, group=economy, speaker=world.ding.pk, points="建议")
    services.record_discussion(actor=world.staff, group=economy, speaker=world.ding.pk, points="建议")
    assert economy.discussions.count() == 1


def test_a_group_from_a_list_with_its_secretary(world):
    group = services.create_group(
        actor=world.staff,
        meeting=world.meeting,
        data={
            "name": "第一组",
            "members": [world.li.pk, world.wang.pk],
            "convener": world.wang.pk,
            "secretary": world.li.pk,
        },
    )
    row = services.record_discussion(actor=world.p.member, group=group, speaker=world.wang.pk, points="加强生态保护")
    assert Discussion.objects.get(pk=row.pk).speaker == world.wang
    with pytest.raises(Invalid):
        services.record_discussion(actor=world.p.member, group=group, speaker=world.zhou.pk, points="不是本组")
    with pytest.raises(Forbidden):
        services.record_discussion(actor=world.user(world.wang), group=group, speaker=world.wang.pk, points="非秘书")
    with pytest.raises(Invalid) as exc:
        services.create_group(
            actor=world.staff, meeting=world.meeting, data={"name": "第一组", "members": [world.wang.pk]}
        )
    assert set(exc.value.errors) == {"name", "members"}


# --- materials ------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _material(world, **data):
    upload = SimpleUploadedFile("报告.pdf", PDF, content_type="application/pdf")
    return services.add_material(actor=world.staff, meeting=world.meeting, upload=upload, data=data)


def test_materials_are_read_by_attendees_only_and_counted_once(world):
    material = _material(world, title="常委会工作报告", internal=True, agenda_item=world.item2.pk)
    assert material.internal and material.agenda_item == world.item2
    assert services.mark_read(actor=world.p.member, material=material) is True
    assert services.mark_read(actor=world.p.member, material=material) is False
    assert MaterialRead.objects.filter(material=material).count() == 1
    outsider = make_member(world.p.wuwei, "钱多")
    user = make_user("outsider", roles=[Role.MEMBER], committee=world.p.wuwei, member=outsider)
    with pytest.raises(Forbidden):
        services.mark_read(actor=user, material=material)


def test_a_material_needs_a_file(world):
    with pytest.raises(Invalid) as exc:
        services.add_material(actor=world.staff, meeting=world.meeting, upload=None, data={"title": "x"})
    assert "file" in exc.value.errors


def test_an_agenda_item_with_a_vote_cannot_be_deleted(world):
    world.vote()
    with pytest.raises(IllegalTransition):
        services.delete_agenda_item(actor=world.staff, item=world.item2)


def test_the_minutes_draft_holds_the_agenda_attendance_votes_and_group_records(world, client):
    world.register_all([world.li, world.zhou, world.wang])
    vote = world.vote(base="present")
    services.open_vote(actor=world.staff, vote=vote)
    for person in (world.li, world.zhou):
        services.cast_vote(actor=world.user(person), vote=vote, choice="yes")
    services.close_vote(actor=world.staff, vote=vote)
    group = services.create_group(
        actor=world.staff,
        meeting=world.meeting,
        data={"name": "第一组", "members": [world.li.pk], "secretary": world.li.pk},
    )
    services.record_discussion(actor=world.p.member, group=group, speaker=world.li.pk, points="加强防沙治沙")
    client.force_login(world.staff)
    response = client.get(f"/meetings/{world.meeting.pk}/minutes.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "应到5人，报到3人，签到3人" in text
    assert "审议常委会工作报告" in text
    assert "赞成2票，反对0票，弃权0票。通过。" in text
    assert "李明：加强防沙治沙" in text
    client.force_login(world.p.member)
    assert client.get(f"/meetings/{world.meeting.pk}/minutes.docx").status_code == 403
