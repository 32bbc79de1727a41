"""The registry links supervision offers to other modules' detail pages: the litigation clues drawn
from a proposal or an opinion report, for supervision readers only, in one query."""

from django.urls import reverse

from lvzhi.core import registry
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
