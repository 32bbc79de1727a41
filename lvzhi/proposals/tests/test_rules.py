"""The committee's proposal rules and lists: services, pages and API; permission and bad input."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.models import AuditEntry
from lvzhi.proposals import policy, services
from lvzhi.proposals.models import AnswerCategory, Assignment, ProposalCategory, ProposalPolicy, RejectionReason


def test_it_changes_the_deadline_and_the_next_assignment_uses_it(world):
    policy.update_policy(actor=world.p.staff, committee=world.committee, data={"deadline_months": 1})
    proposal = world.assigned()
    lead = Assignment.objects.get(proposal=proposal, role="lead")
    assert lead.deadline <= timezone.localdate() + datetime.timedelta(days=31)
    assert AuditEntry.objects.filter(action="proposal_policy.update").exists()


def test_a_new_numbering_pattern_numbers_the_next_filed_proposal(world):
    policy.update_policy(
        actor=world.p.staff, committee=world.committee, data={"number_pattern": "{term}届{session}次-{n:03d}"}
    )
    proposal = world.filed()
    assert proposal.number.endswith("-001") and "届" in proposal.number


@pytest.mark.parametrize(
    "data,field",
    [
        ({"deadline_months": 0}, "deadline_months"),
        ({"objection_days": "ten"}, "objection_days"),
        ({"rating_days": 1000}, "rating_days"),
        ({"number_pattern": "第号"}, "number_pattern"),
        ({"number_pattern": "{year}第{n}号"}, "number_pattern"),
        ({"between_sessions_pattern": "x" * 101 + "{n}"}, "between_sessions_pattern"),
    ],
)
def test_bad_policy_input_is_refused_and_nothing_changes(world, data, field):
    before = ProposalPolicy.objects.get(committee=world.committee)
    with pytest.raises(Invalid) as exc:
        policy.update_policy(actor=world.p.staff, committee=world.committee, data=data)
    assert field in exc.value.errors
    after = ProposalPolicy.objects.get(committee=world.committee)
    assert [getattr(after, f) for f in policy.POLICY_FIELDS] == [getattr(before, f) for f in policy.POLICY_FIELDS]


@pytest.mark.parametrize("who", ["member", "unit_user", "other_staff", "leader", "sysadmin", "auditor"])
def test_it_refuses_everyone_but_the_proposals_office(world, who):
    with pytest.raises(Forbidden):
        policy.update_policy(actor=getattr(world.p, who), committee=world.committee, data={"deadline_months": 2})
    with pytest.raises(Forbidden):
        policy.save_list_item(
            actor=getattr(world.p, who), committee=world.committee, kind="categories", data={"name": "x"}
        )
    assert ProposalPolicy.objects.get(committee=world.committee).deadline_months == 3


def test_it_adds_renames_and_retires_list_entries(world):
    added = policy.save_list_item(
        actor=world.p.staff, committee=world.committee, kind="categories", data={"name": "科技创新"}
    )
    assert added.is_active and added.sort > 0
    # the new category is offered to members and accepted by name
    proposal = world.draft(category="科技创新")
    assert proposal.category == added
    policy.save_list_item(
        actor=world.p.staff, committee=world.committee, kind="categories", item=added, data={"is_active": False}
    )
    added.refresh_from_db()
    assert not added.is_active
    reason = policy.save_list_item(
        actor=world.p.staff, committee=world.committee, kind="reasons", data={"name": "重复提交的"}
    )
    submitted = world.submitted()
    services.reject_proposal(actor=world.p.staff, proposal=submitted, reason="重复提交的")
    submitted.refresh_from_db()
    assert submitted.reject_reason == reason
    answer = policy.save_list_item(
        actor=world.p.staff, committee=world.committee, kind="answers", data={"code": "d", "name": "留作参考"}
    )
    assert answer.code == "D"


@pytest.mark.parametrize(
    "kind,data,field",
    [
        ("categories", {"name": ""}, "name"),
        ("categories", {"name": "社会建设"}, "name"),
        ("reasons", {"name": "y" * 101}, "name"),
        ("answers", {"code": "A", "name": "重复代码"}, "code"),
        ("answers", {"code": "", "name": "无代码"}, "code"),
        ("categories", {"name": "排序错", "sort": -1}, "sort"),
    ],
)
def test_bad_list_input_is_refused_and_nothing_is_written(world, kind, data, field):
    model = policy.LIST_MODELS[kind]
    count = model.objects.count()
    with pytest.raises(Invalid) as exc:
        policy.save_list_item(actor=world.p.staff, committee=world.committee, kind=kind, data=data)
    assert field in exc.value.errors
    assert model.objects.count() == count


def test_another_committees_entry_is_not_found(world):
    policy.policy_for(world.p.pingliang)
    theirs = ProposalCategory.objects.filter(committee=world.p.pingliang).first()
    with pytest.raises(NotFound):
        policy.save_list_item(
            actor=world.p.staff, committee=world.committee, kind="categories", item=theirs, data={"name": "改"}
        )


def test_the_rules_page_edits_the_policy_and_the_lists(client, world):
    client.force_login(world.p.staff)
    page = client.get(reverse("proposals:rules"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "生态文明建设" in body and "内容空泛" in body and "所提问题已经解决或基本解决" in body
    bad = client.post(
        reverse("proposals:rules"),
        {
            "deadline_months": 0,
            "objection_days": 10,
            "rating_days": 30,
            "number_pattern": "x",
            "between_sessions_pattern": "{term}届闭会期间第{n:04d}号",
        },
    )
    assert bad.status_code == 422 and "{n}" in bad.content.decode()
    ok = client.post(
        reverse("proposals:rules"),
        {
            "deadline_months": 2,
            "objection_days": 7,
            "rating_days": 20,
            "number_pattern": "{term}届{session}次会议第{n:04d}号",
            "between_sessions_pattern": "{term}届闭会期间第{n:04d}号",
        },
    )
    assert ok.status_code == 302
    assert ProposalPolicy.objects.get(committee=world.committee).objection_days == 7
    added = client.post(
        reverse("proposals:rule_new", args=["reasons"]), {"reasons-name": "属于信访事项的", "reasons-is_active": "on"}
    )
    assert added.status_code == 302
    reason = RejectionReason.objects.get(committee=world.committee, name="属于信访事项的")
    edit = client.post(
        reverse("proposals:rule_edit", args=["reasons", reason.pk]), {"name": "属于信访事项的", "sort": 3}
    )
    assert edit.status_code == 302
    reason.refresh_from_db()
    assert not reason.is_active and reason.sort == 3
    dup = client.post(reverse("proposals:rule_new", args=["answers"]), {"answers-code": "B", "answers-name": "重复"})
    assert dup.status_code == 422 and AnswerCategory.objects.filter(committee=world.committee).count() == 3


@pytest.mark.parametrize("who", ["member", "unit_user", "leader", "auditor"])
def test_the_rules_page_refuses_others(client, world, who):
    client.force_login(getattr(world.p, who))
    assert client.get(reverse("proposals:rules")).status_code == 403
    assert client.post(reverse("proposals:rule_new", args=["categories"]), {"categories-name": "x"}).status_code == 403


def test_another_committees_office_edits_only_its_own_rules(client, world):
    client.force_login(world.p.other_staff)
    page = client.get(reverse("proposals:rules"))
    assert page.context["committee"] == world.p.other_staff.committee != world.committee
    mine = ProposalCategory.objects.filter(committee=world.committee).first()
    assert client.get(reverse("proposals:rule_edit", args=["categories", mine.pk])).status_code == 404


def _api(client, user):
    client.force_login(user)
    client.handler.enforce_csrf_checks = False
    return client


def test_the_api_reads_and_edits_the_rules(client, world):
    c = _api(client, world.p.staff)
    r = c.get("/api/v1/proposal-policy")
    assert r.status_code == 200
    body = r.json()
    assert body["deadline_months"] == 3 and len(body["categories"]) == 7 and body["answers"][0]["code"] == "A"
    r = c.patch("/api/v1/proposal-policy", data=json.dumps({"rating_days": 15}), content_type="application/json")
    assert r.status_code == 200 and r.json()["rating_days"] == 15
    r = c.patch("/api/v1/proposal-policy", data=json.dumps({"rating_days": 0}), content_type="application/json")
    assert r.status_code == 422 and "rating_days" in r.json()["errors"]
    r = c.post(
        "/api/v1/proposal-lists/categories/", data=json.dumps({"name": "科技创新"}), content_type="application/json"
    )
    assert r.status_code == 201
    item = r.json()["id"]
    r = c.patch(
        f"/api/v1/proposal-lists/categories/{item}",
        data=json.dumps({"is_active": False}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["is_active"] is False
    r = c.post("/api/v1/proposal-lists/answers/", data=json.dumps({"name": "无代码"}), content_type="application/json")
    assert r.status_code == 422
    assert c.post("/api/v1/proposal-lists/nonsense/", data="{}", content_type="application/json").status_code in (
        404,
        422,
    )
    assert c.get("/api/v1/proposal-policy?committee=620800").status_code == 404


def test_the_api_refuses_a_member_and_hides_other_committees(client, world):
    c = _api(client, world.p.member)
    assert c.get("/api/v1/proposal-policy").status_code == 200  # members read the categories
    r = c.patch("/api/v1/proposal-policy", data=json.dumps({"rating_days": 15}), content_type="application/json")
    assert r.status_code == 403
    policy.policy_for(world.p.pingliang)
    theirs = ProposalCategory.objects.filter(committee=world.p.pingliang).first()
    c = _api(client, world.p.staff)
    r = c.patch(
        f"/api/v1/proposal-lists/categories/{theirs.pk}",
        data=json.dumps({"name": "改"}),
        content_type="application/json",
    )
    assert r.status_code == 404
