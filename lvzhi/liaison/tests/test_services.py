"""The services: contacts, assignments, contacts made, hosted visits and the 请示报告 workflow — legal
and illegal steps, bad input (a clear message, nothing written), audit and transitions."""

import datetime

import pytest
from django.urls import reverse

from lvzhi.activities.factories import make_activity
from lvzhi.core import registry
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.liaison import services
from lvzhi.liaison.models import Assignment, Contact, Engagement, HostedVisit, PartyReport
from lvzhi.liaison.selectors import activity_links
from lvzhi.org.factories import make_member

DAY = datetime.date(2024, 3, 1)
pytestmark = pytest.mark.django_db


def test_a_member_contact_takes_the_members_name(world):
    assert world.c_member.name == "李明" and world.c_member.member_id == world.member.pk
    assert world.c_outside.member_id is None and world.c_outside.name == "释宏远"
    assert AuditEntry.objects.filter(action="liaison.contact.create", object_id=str(world.c_outside.pk)).exists()


def test_a_member_is_listed_once_and_an_outsider_needs_a_name(world):
    count = Contact.objects.count()
    with pytest.raises(Invalid) as error:
        world.contact(member=world.member.pk, group="representative")
    assert "member" in error.value.errors
    with pytest.raises(Invalid) as error:
        world.contact(group="representative")
    assert error.value.errors["name"]
    with pytest.raises(Invalid) as error:
        world.contact(member=world.p.pingliang_person.pk, group="representative")
    assert error.value.errors["member"] == ["只能选择本委员会的委员。"]
    assert Contact.objects.count() == count


def test_only_a_member_of_the_chairs_meeting_is_assigned(world):
    count = Assignment.objects.count()
    with pytest.raises(Invalid) as error:
        world.assign(world.c_outside, leader=world.member, started_on=datetime.date(2024, 5, 1))
    assert "主席会议成员" in error.value.errors["leader"][0]
    with pytest.raises(Invalid) as error:
        world.assign(world.c_outside)  # the same leader, contact and day again
    assert "contact" in error.value.errors
    with pytest.raises(Invalid) as error:
        world.assign(world.c_outside, started_on=datetime.date(2024, 5, 1), ended_on=datetime.date(2024, 4, 1))
    assert "ended_on" in error.value.errors
    assert Assignment.objects.count() == count


def test_a_contact_made_records_who_reached_whom(world):
    engagement = world.engage([world.c_member, world.c_outside], kind="talk", place="市政协")
    assert set(engagement.members.all()) == {world.leader}
    assert set(engagement.contacts.all()) == {world.c_member, world.c_outside}
    entry = AuditEntry.objects.get(action="liaison.engagement.create", object_id=str(engagement.pk))
    assert entry.after["contacts"] == sorted([world.c_member.pk, world.c_outside.pk])


def test_a_contact_made_refuses_other_committees_people_and_the_future(world):
    other = services.create_contact(
        actor=world.p.other_staff,
        committee=world.p.pingliang,
        data={"name": "某人", "group": "new_strata", "listed_on": DAY},
    )
    count = Engagement.objects.count()
    with pytest.raises(Invalid) as error:
        world.engage([other])
    assert error.value.errors["contacts"] == ["只能选择本委员会的联系对象。"]
    with pytest.raises(Invalid) as error:
        world.engage([world.c_member], members=[world.p.pingliang_person])
    assert "members" in error.value.errors
    with pytest.raises(Invalid) as error:
        world.engage([world.c_member], held_on=datetime.date.today() + datetime.timedelta(days=30))
    assert error.value.errors["held_on"] == ["不能晚于今天。"]
    with pytest.raises(Invalid) as error:
        world.engage([])
    assert error.value.errors["contacts"] == ["请至少选择一名联系对象。"]
    assert Engagement.objects.count() == count


def test_an_update_keeps_what_it_does_not_name(world):
    engagement = world.engage([world.c_member], summary="听取意见")
    services.update_engagement(actor=world.staff, engagement=engagement, data={"title": "谈心谈话"})
    engagement.refresh_from_db()
    assert engagement.title == "谈心谈话" and engagement.summary == "听取意见"
    assert list(engagement.contacts.all()) == [world.c_member]


def test_a_hosted_visit_ends_after_it_starts(world):
    count = HostedVisit.objects.count()
    with pytest.raises(Invalid) as error:
        world.hosted(ended_on=DAY - datetime.timedelta(days=1))
    assert error.value.errors["ended_on"] == ["结束日期不能早于开始日期。"]
    assert HostedVisit.objects.count() == count
    visit = world.hosted(support="争取省级专项资金")
    assert visit.support == "争取省级专项资金" and list(visit.members.all()) == [world.member]


def test_a_report_is_sent_replied_and_closed(world):
    report = world.report()
    assert report.state == "draft"
    services.send_party_report(actor=world.staff, report=report, data={"sent_on": datetime.date(2024, 3, 4)})
    assert report.state == "sent" and report.due_on == datetime.date(2024, 3, 19)
    services.reply_party_report(
        actor=world.staff,
        report=report,
        data={"replied_on": datetime.date(2024, 3, 10), "reply": "同意。", "outcome": "approved"},
    )
    report.refresh_from_db()
    assert report.state == "replied" and report.outcome == "approved"
    services.close_party_report(actor=world.staff, report=report, data={"closed_on": datetime.date(2024, 4, 1)})
    steps = list(Transition.objects.filter(object_id=report.pk).order_by("at").values_list("action", "to_state"))
    assert steps == [("send", "sent"), ("reply", "replied"), ("close", "closed")]


def test_illegal_steps_change_nothing(world):
    report = world.report()
    with pytest.raises(IllegalTransition):
        services.reply_party_report(
            actor=world.staff, report=report, data={"replied_on": DAY, "reply": "同意", "outcome": "approved"}
        )
    with pytest.raises(IllegalTransition):
        services.close_party_report(actor=world.staff, report=report, data={"closed_on": DAY})
    with pytest.raises(Invalid) as error:
        services.send_party_report(actor=world.staff, report=report, data={"sent_on": DAY - datetime.timedelta(days=1)})
    assert error.value.errors["sent_on"] == ["报送日期不能早于拟稿日期。"]
    report.refresh_from_db()
    assert report.state == "draft" and report.sent_on is None
    assert not Transition.objects.filter(object_id=report.pk, content_type__model="partyreport").exists()


def test_a_sent_report_keeps_its_text(world):
    report = world.report()
    services.send_party_report(actor=world.staff, report=report, data={"sent_on": DAY})
    with pytest.raises(Invalid) as error:
        services.update_party_report(actor=world.staff, report=report, data={"subject": "改过的事项"})
    assert error.value.errors["subject"] == ["已报送的请示报告不能修改此项。"]
    services.update_party_report(actor=world.staff, report=report, data={"note": "已电话催办"})
    report.refresh_from_db()
    assert report.subject.startswith("关于召开") and report.note == "已电话催办"


def test_a_report_is_overdue_after_its_reply_period(world):
    report = world.report(reply_days=10)
    services.send_party_report(actor=world.staff, report=report, data={"sent_on": DAY})
    assert not report.is_overdue(DAY + datetime.timedelta(days=10))
    assert report.is_overdue(DAY + datetime.timedelta(days=11))
    with pytest.raises(Invalid) as error:
        world.report(reply_days=0)
    assert "reply_days" in error.value.errors


def test_who_may_write(world):
    with pytest.raises(Forbidden):
        services.create_contact(
            actor=world.p.member, committee=world.wuwei, data={"name": "某人", "group": "new_strata", "listed_on": DAY}
        )
    with pytest.raises(Invalid) as error:
        services.create_contact(
            actor=world.p.other_staff,
            committee=world.wuwei,
            data={"name": "某人", "group": "new_strata", "listed_on": DAY},
        )
    assert "committee" in error.value.errors
    report = world.report()
    with pytest.raises(Forbidden):
        services.send_party_report(actor=world.p.leader, report=report, data={"sent_on": DAY})
    county = make_member(world.p.liangzhou, "陈县")
    assert county.pk  # a county officer manages only the county
    with pytest.raises(Forbidden):
        services.send_party_report(actor=world.p.county_staff, report=report, data={"sent_on": DAY})
    assert PartyReport.objects.get(pk=report.pk).state == "draft"


def test_an_activity_links_to_the_themed_activities_held_as_it(world, django_assert_num_queries):
    activity = make_activity(actor=world.staff, committee=world.wuwei, topic="党外人士座谈会")
    held = world.engage([world.c_member], kind="activity", title="党外人士座谈交流", activity=activity.pk)
    world.engage([world.c_outside], title="走访")
    with django_assert_num_queries(1):
        [link] = activity_links(activity, world.staff)
    assert (link.title, link.state, link.key) == (held.title, held.get_kind_display(), "liaison-engagements")
    assert link.url == reverse("liaison:engagement_detail", args=[held.pk])
    assert link in registry.links_for(activity, world.staff)
    assert activity_links(activity, world.p.member) == []
