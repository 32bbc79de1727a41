"""The registry links supervision offers to other modules' detail pages: the litigation clues drawn
from a proposal or an opinion report, for supervision readers only, in one query — and read with the
other modules' links to the same record in that one query."""

import datetime

from django.urls import reverse

from lvzhi.core import registry
from lvzhi.opinions.models import OpinionReport
from lvzhi.proposals import services as proposals
from lvzhi.proposals.factories import ProposalWorld
from lvzhi.supervision.selectors import clue_links
from lvzhi.supervision.tests.test_clue_sources import city_report


def test_a_report_links_to_the_clues_drawn_from_it(world, django_assert_num_queries):
    report = city_report(world)
    first = world.new_clue(title="采砂线索一", source_kind="opinion", opinion_report=report.pk)
    world.new_clue(title="采砂线索二", source_kind="opinion", opinion_report=report.pk)
    world.new_clue(title="无关线索")
    with django_assert_num_queries(1):
        links = clue_links(report, world.staff)
    assert sorted(link.title for link in links) == ["采砂线索一", "采砂线索二"]
    assert {link.label for link in links} == {"公益诉讼线索"}
    assert reverse("supervision:clue_detail", args=[first.pk]) in {link.url for link in links}
    assert all(link.state == "已登记" for link in links)
    assert [link.title for link in registry.links_for(report, world.staff) if link.label == "公益诉讼线索"]


def test_members_and_other_records_get_no_clue_links(world):
    report = city_report(world)
    world.new_clue(source_kind="opinion", opinion_report=report.pk)
    assert clue_links(report, world.p.member) == []
    assert clue_links(report, world.p.other_staff) == []
    assert clue_links(world.case, world.staff) == []


def test_a_proposals_links_of_two_modules_are_read_in_one_query(world, django_assert_num_queries):
    proposal = ProposalWorld(world.p).submitted()
    older = world.new_clue(
        title="先登记的线索", source_kind="proposal", proposal=proposal.pk, recorded_on=datetime.date(2024, 1, 5)
    )
    newer = world.new_clue(
        title="后登记的线索", source_kind="proposal", proposal=proposal.pk, recorded_on=datetime.date(2024, 2, 5)
    )
    proposals.convert_proposal(actor=world.staff, proposal=proposal, target="opinion")
    report = OpinionReport.objects.get(from_proposal=proposal)
    with django_assert_num_queries(1):
        links = registry.links_for(proposal, world.staff)
    assert [(link.key, link.title) for link in links] == [
        ("opinion-report", report.title),
        ("source-clues", newer.title),  # each module's records in its own order: the latest clue first
        ("source-clues", older.title),
    ]
    assert links[0].url == reverse("opinions:detail", args=[report.pk]) and links[0].state == "已提交"
    assert links[1].url == reverse("supervision:clue_detail", args=[newer.pk]) and links[1].state == "已登记"
    assert [link.key for link in registry.links_for(proposal, world.p.member)] == ["opinion-report"]
