"""The closed loop through the services: collect, edit, combine, publish, send, track, feed back."""

import datetime

import pytest

from lvzhi.accounts.choices import Role
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Notification, Transition
from lvzhi.core.periods import parse_period
from lvzhi.opinions import services
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.models import Adoption, Credit, Instruction, OpinionIssue, OpinionReport, Sending
from lvzhi.opinions.selectors import points_table
from lvzhi.org.factories import make_user


def test_the_loop_runs_end_to_end(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = world.report()
        other = world.report(world.member2, title="关于农村清洁取暖的建议")
        assert report.state == OpinionState.SUBMITTED and report.original_content == report.content
        services.accept_report(actor=world.staff, report=report)
        services.edit_report(actor=world.staff, report=report, title="农村冬季供暖问题亟待解决",
                             content=report.content + "\n（编辑）", suggestions="推广清洁取暖。")  # fmt: skip
        report.refresh_from_db()
        assert report.original_title == "关于改善农村冬季供暖条件的建议" and report.is_edited
        services.combine_reports(actor=world.staff, report=report, others=[other.pk])
        other.refresh_from_db()
        assert other.state == OpinionState.COMBINED and other.combined_into_id == report.pk
        assert set(report.credits.values_list("name", flat=True)) == {"李明", "周敏"}
        issue = services.create_issue(actor=world.staff, committee=world.p.wuwei)
        services.publish_report(actor=world.staff, report=report, issue=issue)
        services.send_report(
            actor=world.staff, report=report, recipients=[world.party_committee.pk, world.department.pk],
            date=datetime.date.today(),
        )  # fmt: skip
        services.record_instruction(actor=world.leader, report=report, leader="王书记", position="市委书记",
                                    level="city", date=datetime.date.today(), text="请市卫健委研究落实。")  # fmt: skip
        services.record_adoption(actor=world.staff, report=report, by="provincial", reference="省政协2024年第5期")
        services.record_handling(actor=world.staff, report=report, unit_name="市卫生健康委", result="已制定方案。")
        services.give_feedback(actor=world.staff, report=report, text="已获市委书记批示，相关部门正在落实。")
    report.refresh_from_db()
    assert report.state == OpinionState.CLOSED and report.issue == issue and report.sent_on == datetime.date.today()
    rows = Transition.objects.filter(object_id=report.pk, committee=world.p.wuwei)
    actions = list(rows.values_list("action", flat=True))
    assert actions == ["create", "submit", "accept", "edit", "combine", "publish", "send", "instruct", "adopt",
                       "handle", "feedback"]  # fmt: skip
    told = Notification.objects.filter(user=world.member2).values_list("title", flat=True)
    assert any("反馈" in t for t in told) and any("批示" in t for t in told)  # the combined submitter is told too
    assert AuditEntry.objects.filter(action="opinions.instruction.create").count() == 1


ILLEGAL = [
    ("draft", "accept"),
    ("draft", "publish"),
    ("submitted", "publish"),
    ("submitted", "send"),
    ("submitted", "feedback"),
    ("accepted", "send"),
    ("accepted", "instruct"),
    ("published", "accept"),
    ("published", "reject"),
    ("sent", "return"),
    ("sent", "publish"),
    ("closed", "feedback"),
    ("closed", "send"),
    ("rejected", "accept"),
    ("rejected", "publish"),
]


def _at(world, state):
    if state == "draft":
        return world.report(submit=False)
    if state == "submitted":
        return world.report()
    if state == "accepted":
        return world.accepted()
    if state == "published":
        return world.published()
    if state == "sent":
        return world.sent()
    if state == "rejected":
        return services.reject_report(actor=world.staff, report=world.report(), reason="重复")
    report = world.sent()
    return services.give_feedback(actor=world.staff, report=report, text="已办结")


def _do(world, report, action):
    issue = OpinionIssue.objects.filter(committee=world.p.wuwei).first() or services.create_issue(
        actor=world.staff, committee=world.p.wuwei
    )
    calls = {
        "accept": lambda: services.accept_report(actor=world.staff, report=report),
        "reject": lambda: services.reject_report(actor=world.staff, report=report, reason="x"),
        "return": lambda: services.return_report(actor=world.staff, report=report, note="x"),
        "publish": lambda: services.publish_report(actor=world.staff, report=report, issue=issue),
        "send": lambda: services.send_report(actor=world.staff, report=report, recipients=[world.province.pk]),
        "instruct": lambda: services.record_instruction(
            actor=world.staff, report=report, leader="王", position="书记", level="city", date="2024-05-01", text="阅"
        ),
        "feedback": lambda: services.give_feedback(actor=world.staff, report=report, text="x"),
    }
    calls[action]()


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_every_illegal_step_is_refused_and_changes_nothing(world, state, action):
    report = _at(world, state)
    before = (OpinionReport.objects.values().get(pk=report.pk), Transition.objects.count(), Sending.objects.count(),
              Instruction.objects.count())  # fmt: skip
    with pytest.raises(IllegalTransition):
        _do(world, report, action)
    after = (OpinionReport.objects.values().get(pk=report.pk), Transition.objects.count(), Sending.objects.count(),
             Instruction.objects.count())  # fmt: skip
    assert before == after


def test_the_office_of_another_committee_and_members_may_not_act(world):
    report = world.report()
    for user in (world.p.other_staff, world.member2, world.p.county_staff, world.p.unit_user):
        with pytest.raises(Forbidden):
            services.accept_report(actor=user, report=report)
    assert OpinionReport.objects.get(pk=report.pk).state == OpinionState.SUBMITTED


def test_a_member_cannot_see_another_members_unpublished_report(world):
    report = world.report()
    draft = world.report(submit=False)
    assert not OpinionReport.objects.visible_to(world.member2).filter(pk__in=[report.pk, draft.pk]).exists()
    assert OpinionReport.objects.visible_to(world.member).filter(pk__in=[report.pk, draft.pk]).count() == 2
    assert OpinionReport.objects.visible_to(world.staff).filter(pk=report.pk).exists()
    assert not OpinionReport.objects.visible_to(world.staff).filter(pk=draft.pk).exists()  # drafts are private
    assert not OpinionReport.objects.visible_to(world.p.other_staff).filter(pk=report.pk).exists()
    for admin in world.p.admins:
        assert not OpinionReport.objects.visible_to(admin).exists()


def test_a_forwarded_county_item_is_seen_by_the_city_and_its_fate_by_the_county(world):
    county = services.create_report(
        actor=world.county_member,
        data={"title": "凉州区农村饮水安全问题", "category": "社会民生", "content": "部分村组水质不达标。"},
        submit=True,
    )
    county_other = services.create_report(
        actor=world.county_member,
        data={"title": "县区内部信息", "category": "其他", "content": "仅在县区处理。"},
        submit=True,
    )
    city_other = world.report()
    services.accept_report(actor=world.p.county_staff, report=county)
    copy = services.forward_report(actor=world.p.county_staff, report=county)
    assert copy.committee == world.p.wuwei and copy.state == OpinionState.SUBMITTED and copy.source == county
    assert Credit.objects.get(report=copy).name == "凉州区政协"
    # the city office (even one without the counties in its scope) has it in its queue
    assert OpinionReport.objects.visible_to(world.city_staff_only).filter(pk=copy.pk).exists()
    assert not OpinionReport.objects.visible_to(world.city_staff_only).filter(pk=county.pk).exists()
    assert not OpinionReport.objects.visible_to(world.city_staff_only).filter(pk=county_other.pk).exists()
    services.accept_report(actor=world.city_staff_only, report=copy)
    issue = services.create_issue(actor=world.city_staff_only, committee=world.p.wuwei)
    services.publish_report(actor=world.city_staff_only, report=copy, issue=issue)
    services.send_report(actor=world.city_staff_only, report=copy, recipients=[world.province.pk])
    services.record_adoption(actor=world.city_staff_only, report=copy, by="provincial", reference="省政协专报")
    # the county sees the later life; nothing else of the city crosses
    county_sees = OpinionReport.objects.visible_to(world.p.county_staff)
    assert county_sees.filter(pk=copy.pk).exists() and not county_sees.filter(pk=city_other.pk).exists()
    assert Adoption.objects.filter(report=county, level="city").exists()  # the city took it: adopted by the city
    assert Adoption.objects.filter(report=copy, level="provincial").exists()
    with pytest.raises(Forbidden):
        services.give_feedback(actor=world.p.county_staff, report=OpinionReport.objects.get(pk=copy.pk), text="x")
    with pytest.raises(IllegalTransition):
        services.forward_report(actor=world.p.county_staff, report=OpinionReport.objects.get(pk=county.pk))
    assert OpinionReport.objects.filter(source=county).count() == 1


def test_bad_content_is_refused_with_clear_errors_and_nothing_written(world):
    count = OpinionReport.objects.count()
    with pytest.raises(Invalid) as caught:
        world.report(title="", category="乱填", content="")
    assert set(caught.value.errors) == {"title", "category", "content"}
    services.save_settings(
        actor=world.staff, committee=world.p.wuwei, warn_length=100, max_length=200, feedback_days=10
    )
    with pytest.raises(Invalid) as caught:
        world.report(content="字" * 201)
    assert "200" in caught.value.errors["content"][0]
    assert OpinionReport.objects.count() == count
    report = world.report(content="字" * 150)
    assert "100" in services.length_warning(world.p.wuwei, report.content)


def test_officers_and_organisation_contacts_submit_in_their_own_capacity(world):
    outsider = make_user("xinxiyuan", roles=[], committee=world.p.wuwei)
    assert services.capacities(outsider) == []
    with pytest.raises(Forbidden):
        world.report(outsider)
    officer = services.appoint_officer(actor=world.staff, committee=world.p.wuwei, user=outsider, name="陈信息")
    report = world.report(outsider)
    assert report.submitter_kind == "officer" and report.credits.get().officer == officer
    services.add_party_contact(actor=world.staff, committee=world.p.wuwei, party=world.p.party, user=world.member2)
    codes = [c.code for c in services.capacities(world.member2)]
    assert codes == ["member", f"party:{world.p.party.pk}"]
    report = services.create_report(
        actor=world.member2, capacity=codes[1], submit=True,
        data={"title": "民盟：关于职业教育的建议", "category": "文化教育", "content": "内容"},
    )  # fmt: skip
    assert report.submitter_kind == "organisation" and report.credits.get().party == world.p.party
    assert Role.MEMBER in world.member2.role_codes


def test_issues_are_numbered_per_year_and_kind(world):
    a = services.create_issue(actor=world.staff, committee=world.p.wuwei, issued_on="2024-03-01")
    b = services.create_issue(actor=world.staff, committee=world.p.wuwei, issued_on="2024-05-01")
    s = services.create_issue(actor=world.staff, committee=world.p.wuwei, kind="special", issued_on="2024-05-02")
    c = services.create_issue(actor=world.staff, committee=world.p.wuwei, issued_on="2025-01-05")
    assert [a.number, b.number, s.number, c.number] == [1, 2, 1, 1]
    assert b.label == "《社情民意》2024年第2期" and s.label == "社情民意专报 2024年第1期"


def test_items_without_feedback_past_the_period_are_overdue(world):
    report = world.sent()
    OpinionReport.objects.filter(pk=report.pk).update(sent_on=datetime.date.today() - datetime.timedelta(days=40))
    ids = [world.p.wuwei.pk]
    assert OpinionReport.objects.filter(services.overdue_q(ids)).filter(pk=report.pk).exists()
    services.save_settings(
        actor=world.staff, committee=world.p.wuwei, warn_length=1500, max_length=5000, feedback_days=60
    )
    assert not OpinionReport.objects.filter(services.overdue_q(ids)).exists()


def test_points_come_from_the_committees_table(world):
    table = {"submitted": 2, "used": 5, "instructed_city": 10, "adopted_provincial": 20}
    services.set_points(actor=world.staff, committee=world.p.wuwei, points=table)
    report = world.sent()
    other = world.report(world.member2, title="另一条")
    services.record_instruction(actor=world.staff, report=report, leader="王", position="市长", level="city",
                                date=datetime.date.today(), text="阅")  # fmt: skip
    services.record_adoption(actor=world.staff, report=report, by="provincial")
    services.reject_report(actor=world.staff, report=other, reason="不宜公开")
    table = points_table({world.p.wuwei.pk}, parse_period("current"))
    people = {row["name"]: row["points"] for row in table["people"]}
    assert people == {"李明": 2 + 5 + 10 + 20, "周敏": 2}
    assert {row["name"]: row["points"] for row in table["organisations"]} == {"中国民主同盟": 37}
    with pytest.raises(Invalid):
        services.set_points(actor=world.staff, committee=world.p.wuwei, points={"nonsense": 1})
