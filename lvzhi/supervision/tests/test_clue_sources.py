"""A clue drawn from an opinion report is linked both ways; a report of another committee (or one the
actor may not read) is refused with nothing written; the source pages (a proposal, an opinion
report) list their clues to those who may see supervision records."""

import datetime
import json

import pytest
from django.urls import reverse

from lvzhi.core.errors import Invalid
from lvzhi.opinions import services as opinions
from lvzhi.proposals.factories import ProposalWorld
from lvzhi.supervision.models import LitigationClue

DAY = datetime.date(2024, 3, 1)
REPORT = {
    "title": "关于河道非法采砂屡禁不止的情况反映",
    "category": "生态环境",
    "content": "部分河段夜间非法采砂，河床下切，堤防安全受到威胁。",
    "suggestions": "建议开展联合执法。",
}


def city_report(world):
    return opinions.create_report(actor=world.p.member, data=REPORT, submit=True)


def other_committee_report(world):
    return opinions.enter_report(
        actor=world.p.other_staff,
        committee=world.p.pingliang,
        submitter_kind="member",
        submitter=world.p.pingliang_person.pk,
        data=REPORT,
    )


def post(client, user, path, body):
    client.force_login(user)
    response = client.post(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_a_clue_drawn_from_an_opinion_report_is_linked_both_ways(world):
    report = city_report(world)
    clue = world.new_clue(source_kind="opinion", opinion_report=report.pk)
    assert clue.opinion_report == report
    assert list(report.litigation_clues.all()) == [clue]
    assert REPORT["title"] in clue.source_label


def test_another_committees_report_is_refused_with_422_and_nothing_written(world, client):
    report = other_committee_report(world)
    body = {"committee": world.wuwei.pk, "title": "采砂线索", "recorded_on": "2024-03-01"}
    status, data = post(
        client, world.staff, "/litigation-clues/", {**body, "source_kind": "opinion", "opinion_report": report.pk}
    )
    assert status == 422 and "opinion_report" in json.dumps(data)
    assert not LitigationClue.objects.exists()
    own = city_report(world)
    status, data = post(
        client, world.staff, "/litigation-clues/", {**body, "source_kind": "opinion", "opinion_report": own.pk}
    )
    assert status == 201 and data["opinion_report"] == own.pk
    assert client.get(f"/api/v1/litigation-clues/{data['id']}").json()["opinion_report"] == own.pk


def test_a_draft_report_is_refused(world):
    draft = opinions.create_report(actor=world.p.member, data=REPORT, submit=False)
    with pytest.raises(Invalid) as exc:
        world.new_clue(source_kind="opinion", opinion_report=draft.pk)
    assert "opinion_report" in exc.value.errors
    assert not LitigationClue.objects.exists()


def test_the_source_pages_list_their_clues_to_supervision_readers_only(world, client):
    proposal = ProposalWorld(world.p).submitted()
    report = city_report(world)
    from_proposal = world.new_clue(title="来自提案的采砂线索", source_kind="proposal", proposal=proposal.pk)
    from_report = world.new_clue(title="来自信息的采砂线索", source_kind="opinion", opinion_report=report.pk)
    client.force_login(world.staff)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="source-clues"' in page and from_proposal.title in page
    assert reverse("supervision:clue_detail", args=[from_proposal.pk]) in page
    page = client.get(reverse("opinions:detail", args=[report.pk])).content.decode()
    assert 'data-testid="source-clues"' in page and from_report.title in page
    page = client.get(reverse("supervision:clue_detail", args=[from_report.pk])).content.decode()
    assert reverse("opinions:detail", args=[report.pk]) in page
    client.force_login(world.p.member)  # the author sees the report, not the supervision records
    page = client.get(reverse("opinions:detail", args=[report.pk])).content.decode()
    assert 'data-testid="source-clues"' not in page and from_report.title not in page
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert from_proposal.title not in page


def test_the_clue_form_offers_the_committees_reports(world, client):
    report = city_report(world)
    client.force_login(world.staff)
    page = client.get(reverse("supervision:clue_create")).content.decode()
    assert 'name="opinion_report"' in page and REPORT["title"] in page
    response = client.post(
        reverse("supervision:clue_create"),
        {"committee": world.wuwei.pk, "title": "表单登记的线索", "recorded_on": "2024-03-01",
         "source_kind": "opinion", "opinion_report": report.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert LitigationClue.objects.get(title="表单登记的线索").opinion_report == report
