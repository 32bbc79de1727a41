"""The links other modules' pages show through the registry: a proposal converted into a report
shows the report (its title and state; a link for those who may open it), in one query whatever
the number of proposals; a report's page shows the records other modules drew from it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.accounts.choices import Role
from lvzhi.core import registry
from lvzhi.opinions import services
from lvzhi.opinions.models import OpinionReport
from lvzhi.opinions.selectors import proposal_links
from lvzhi.org.factories import make_user
from lvzhi.proposals import services as proposals
from lvzhi.proposals.factories import ProposalWorld


def test_a_converted_proposal_links_to_its_report_for_those_who_may_open_it(personas):
    proposal = ProposalWorld(personas).submitted()
    assert registry.provided("opinions.report_from_proposal") is services.report_from_proposal
    proposals.convert_proposal(actor=personas.staff, proposal=proposal, target="opinion")
    report = OpinionReport.objects.get(from_proposal=proposal)
    with CaptureQueriesContext(connection) as queries:
        [link] = proposal_links(proposal, personas.staff)
    assert len(queries) == 1
    assert (link.title, link.state, link.url) == (report.title, "已提交", reverse("opinions:detail", args=[report.pk]))
    assert link in registry.links_for(proposal, personas.staff)
    proposals_only = make_user(
        "proposals_only", roles=[Role.STAFF], committee=personas.wuwei, permissions=["proposals"]
    )
    [seen] = proposal_links(proposal, proposals_only)
    assert (seen.title, seen.url) == (report.title, "")  # the title as before, without a way in


def test_other_objects_have_no_report_links(world):
    report = world.report()
    assert proposal_links(report, world.staff) == []
