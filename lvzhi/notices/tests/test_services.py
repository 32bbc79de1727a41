"""Notices through their services: draft, publish (now or later), edit with history, withdraw,
read receipts, replies and reminders; refusals change nothing."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.accounts.factories import make_user
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import AuditEntry, Notification, Transition
from lvzhi.notices import selectors, services
from lvzhi.notices.choices import NoticeState
from lvzhi.notices.factories import make_notice
from lvzhi.notices.models import Notice, NoticeRead, NoticeReply, NoticeRevision
from lvzhi.org.factories import make_member
from lvzhi.org.models import Sector


def inbox_ids(user):
    return set(selectors.inbox(user).values_list("pk", flat=True))


def test_it_drafts_a_notice_that_nobody_but_the_office_sees(personas, django_capture_on_commit_callbacks):
    notice = make_notice(personas.staff, personas.wuwei, publish=False)
    assert notice.state == NoticeState.DRAFT
    assert inbox_ids(personas.member) == set()
    assert Notice.objects.visible_to(personas.staff).filter(pk=notice.pk).exists()
    entry = AuditEntry.objects.get(action="notice.create")
    assert entry.actor == personas.staff and entry.object_id == str(notice.pk)


def test_it_publishes_and_notifies_the_audience(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice(personas.staff, personas.wuwei)
    assert notice.state == NoticeState.PUBLISHED and notice.published_at <= timezone.now()
    assert notice.recipients_count == 1
    assert inbox_ids(personas.member) == {notice.pk}
    assert Notification.objects.filter(user=personas.member, url=f"/notices/{notice.pk}/").exists()
    assert Transition.objects.filter(object_id=notice.pk, action="publish", to_state="published").exists()


def test_a_scheduled_notice_is_invisible_until_its_time(personas, django_capture_on_commit_callbacks):
    later = timezone.now() + datetime.timedelta(days=2)
    notice = make_notice(personas.staff, personas.wuwei, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_notice(actor=personas.staff, notice=notice, publish_at=later)
    notice.refresh_from_db()
    assert notice.is_scheduled
    assert inbox_ids(personas.member) == set()
    assert not Notification.objects.filter(user=personas.member).exists()
    Notice.objects.filter(pk=notice.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert inbox_ids(personas.member) == {notice.pk}


def test_it_refuses_to_publish_twice_and_changes_nothing(personas):
    notice = make_notice(personas.staff, personas.wuwei)
    with pytest.raises(IllegalTransition):
        services.publish_notice(actor=personas.staff, notice=notice)
    assert Transition.objects.filter(object_id=notice.pk, action="publish").count() == 1


def test_it_withdraws_with_a_reason_and_the_notice_disappears_for_members(personas):
    notice = make_notice(personas.staff, personas.wuwei)
    with pytest.raises(Invalid) as exc:
        services.withdraw_notice(actor=personas.staff, notice=notice, reason=" ")
    assert "reason" in exc.value.errors
    services.withdraw_notice(actor=personas.staff, notice=notice, reason="内容有误")
    notice.refresh_from_db()
    assert notice.state == NoticeState.WITHDRAWN and notice.withdraw_reason == "内容有误"
    assert inbox_ids(personas.member) == set()
    with pytest.raises(IllegalTransition):
        services.withdraw_notice(actor=personas.staff, notice=notice, reason="再次")
    with pytest.raises(IllegalTransition):
        services.update_notice(actor=personas.staff, notice=notice, data={"title": "新标题"})


def test_an_edit_after_publishing_keeps_the_previous_text(personas):
    notice = make_notice(personas.staff, personas.wuwei, title="旧标题")
    services.update_notice(actor=personas.staff, notice=notice, data={"title": "新标题", "body": "新正文"})
    notice.refresh_from_db()
    assert notice.title == "新标题" and notice.body == "<p>新正文</p>"
    revision = NoticeRevision.objects.get(notice=notice)
    assert revision.title == "旧标题" and revision.body == "<p>请各位委员准时参加。</p>"
    assert revision.edited_by == personas.staff
    assert AuditEntry.objects.filter(action="notice.update", object_id=str(notice.pk)).exists()


def test_editing_a_draft_keeps_no_revision(personas):
    notice = make_notice(personas.staff, personas.wuwei, publish=False)
    services.update_notice(actor=personas.staff, notice=notice, data={"title": "改"})
    assert not NoticeRevision.objects.exists()


def test_the_body_is_sanitised(personas):
    body = (
        '<p onclick="x()">你好<script>alert(1)</script><a href="javascript:alert(1)">链接</a>'
        "<img src=x onerror=alert(1)></p><style>p{}</style>"
    )
    notice = make_notice(personas.staff, personas.wuwei, body=body)
    assert "script" not in notice.body and "onclick" not in notice.body and "onerror" not in notice.body
    assert "javascript" not in notice.body and "<style" not in notice.body
    assert "你好" in notice.body and "<a" in notice.body


def test_plain_text_becomes_escaped_paragraphs():
    assert services.sanitize_body("一段\n换行\n\n二段 & 三") == "<p>一段<br>换行</p><p>二段 &amp; 三</p>"
    assert services.sanitize_body("甲\n\n乙") == "<p>甲</p><p>乙</p>"


def test_bad_input_is_refused_with_every_field_named_and_nothing_written(personas):
    before = Notice.objects.count()
    with pytest.raises(Invalid) as exc:
        services.create_notice(
            actor=personas.staff,
            committee=personas.wuwei,
            data={
                "title": "",
                "kind": "gossip",
                "audience": "sectors",
                "sectors": [],
                "reply_required": True,
                "reply_fields": [{"name": "", "kind": "essay"}],
                "reply_deadline": "2200-01-01T00:00",
            },
        )
    assert {"title", "kind", "sectors", "reply_fields", "reply_deadline"} <= set(exc.value.errors)
    assert Notice.objects.count() == before


def test_audience_lists_must_belong_to_the_committee(personas):
    other_sector = Sector.objects.create(committee=personas.pingliang, name="农业界")
    with pytest.raises(Invalid) as exc:
        make_notice(personas.staff, personas.wuwei, audience="sectors", sectors=[other_sector.pk])
    assert "sectors" in exc.value.errors


def test_staff_of_another_committee_cannot_create_or_edit(personas):
    with pytest.raises(NotFound):
        make_notice(personas.other_staff, personas.wuwei)
    notice = make_notice(personas.staff, personas.wuwei)
    with pytest.raises(NotFound):
        services.update_notice(actor=personas.other_staff, notice=notice, data={"title": "x"})
    with pytest.raises(Forbidden):
        services.withdraw_notice(actor=personas.other_staff, notice=notice, reason="x")
    for user in [personas.member, personas.unit_user, personas.leader, *personas.admins]:
        with pytest.raises((Forbidden, NotFound)):
            make_notice(user, personas.wuwei)


def test_it_reaches_a_sector_only(personas):
    other = make_member(personas.wuwei, "钱七")
    other_user = make_user("qian", roles=[Role.MEMBER], committee=personas.wuwei, member=other)
    notice = make_notice(personas.staff, personas.wuwei, audience="sectors", sectors=[personas.sector.pk])
    assert inbox_ids(personas.member) == {notice.pk}
    assert inbox_ids(other_user) == set()
    assert notice.recipients_count == 1


def test_lower_committees_are_reached_only_when_asked(personas):
    county_user = make_user(
        "county_member", roles=[Role.MEMBER], committee=personas.liangzhou, member=personas.county_person
    )
    plain = make_notice(personas.staff, personas.wuwei)
    lower = make_notice(personas.staff, personas.wuwei, include_lower=True)
    assert inbox_ids(county_user) == {lower.pk}
    assert plain.pk in inbox_ids(personas.member) and lower.pk in inbox_ids(personas.member)
    assert lower.recipients_count == 2


def test_a_member_of_another_committee_never_sees_it(personas):
    pl_user = make_user(
        "pl_member", roles=[Role.MEMBER], committee=personas.pingliang, member=personas.pingliang_person
    )
    notice = make_notice(personas.staff, personas.wuwei, include_lower=True)
    assert inbox_ids(pl_user) == set()
    assert not Notice.objects.visible_to(pl_user).filter(pk=notice.pk).exists()
    assert not Notice.objects.visible_to(personas.other_staff).filter(pk=notice.pk).exists()


def test_units_named_in_the_audience_receive_it(personas):
    notice = make_notice(personas.staff, personas.wuwei, audience="members", members=[], units=[personas.unit.pk])
    assert inbox_ids(personas.unit_user) == {notice.pk}
    assert inbox_ids(personas.member) == set()


def test_opening_marks_read_once(personas):
    notice = make_notice(personas.staff, personas.wuwei)
    services.mark_notice_read(actor=personas.member, notice=notice)
    services.mark_notice_read(actor=personas.member, notice=notice)
    assert NoticeRead.objects.filter(notice=notice, user=personas.member).count() == 1
    assert AuditEntry.objects.filter(action="notice.read").count() == 1
    assert not selectors.inbox(personas.member, {"unread": "1"}).exists()
    with pytest.raises(Forbidden):
        services.mark_notice_read(actor=personas.staff, notice=notice)


def test_a_member_replies_and_may_change_the_reply_until_the_deadline(personas):
    notice = make_notice(personas.staff, personas.wuwei, reply=True)
    assert selectors.to_reply(selectors.inbox(personas.member)).count() == 1
    services.reply_to_notice(
        actor=personas.member, notice=notice, answers={"参加人": "李明", "是否参加": "参加", "人数": "2"}
    )
    services.reply_to_notice(actor=personas.member, notice=notice, answers={"参加人": "李明", "是否参加": "不参加"})
    reply = NoticeReply.objects.get(notice=notice, user=personas.member)
    assert reply.answers == {"参加人": "李明", "是否参加": "不参加"}
    assert NoticeRead.objects.filter(notice=notice, user=personas.member).exists()
    assert selectors.to_reply(selectors.inbox(personas.member)).count() == 0


def test_a_bad_reply_names_each_field_and_writes_nothing(personas):
    notice = make_notice(personas.staff, personas.wuwei, reply=True)
    with pytest.raises(Invalid) as exc:
        services.reply_to_notice(
            actor=personas.member, notice=notice, answers={"是否参加": "也许", "人数": "很多", "x": "1"}
        )
    assert {"参加人", "是否参加", "人数", "answers"} <= set(exc.value.errors)
    assert not NoticeReply.objects.exists() and not NoticeRead.objects.exists()


def test_a_reply_after_the_deadline_or_without_a_form_is_refused(personas):
    notice = make_notice(personas.staff, personas.wuwei, reply=True)
    Notice.objects.filter(pk=notice.pk).update(reply_deadline=timezone.now() - datetime.timedelta(minutes=1))
    notice.refresh_from_db()
    with pytest.raises(IllegalTransition):
        services.reply_to_notice(actor=personas.member, notice=notice, answers={"参加人": "李明", "是否参加": "参加"})
    plain = make_notice(personas.staff, personas.wuwei)
    with pytest.raises(IllegalTransition):
        services.reply_to_notice(actor=personas.member, notice=plain, answers={})
    assert not NoticeReply.objects.exists()


def test_reminders_reach_only_those_who_have_not_read(personas, django_capture_on_commit_callbacks):
    other = make_member(personas.wuwei, "孙八")
    other_user = make_user("sun", roles=[Role.MEMBER], committee=personas.wuwei, member=other)
    notice = make_notice(personas.staff, personas.wuwei)
    services.mark_notice_read(actor=personas.member, notice=notice)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_notice(actor=personas.staff, notice=notice, note="请尽快阅读")
    assert list(Notification.objects.values_list("user_id", flat=True)) == [other_user.pk]
    entry = AuditEntry.objects.get(action="notice.remind")
    assert entry.after["reminded"] == 1


def test_a_draft_cannot_be_reminded(personas):
    notice = make_notice(personas.staff, personas.wuwei, publish=False)
    with pytest.raises(IllegalTransition):
        services.remind_notice(actor=personas.staff, notice=notice)


def test_receipts_list_every_recipient_with_read_and_reply(personas):
    notice = make_notice(personas.staff, personas.wuwei, reply=True, units=[personas.unit.pk])
    services.reply_to_notice(actor=personas.member, notice=notice, answers={"参加人": "李明", "是否参加": "参加"})
    rows = {u.username: (read_at, reply) for u, read_at, reply in selectors.receipts(notice)}
    assert set(rows) == {"member", "unit_user"}
    assert rows["member"][0] is not None and rows["member"][1] is not None
    assert rows["unit_user"] == (None, None)
