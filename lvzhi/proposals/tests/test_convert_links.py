"""转社情民意信息: converting a proposal to an opinion report creates one linked report in the
information office's queue, credited to the proposers; the other target creates none; a failed
conversion writes nothing; both detail pages and both API details show the link."""

import pytest
from django.urls import reverse

from lvzhi.core.errors import Invalid
from lvzhi.opinions.models import Credit, OpinionReport
from lvzhi.opinions.services import save_settings
from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal


def test_converting_to_an_opinion_report_creates_one_linked_report_in_the_office_queue(world, client):
    proposal = world.submitted(joint=True)
    services.convert_proposal(actor=world.p.staff, proposal=proposal, target="opinion", note="宜作信息报送")
    report = OpinionReport.objects.get(from_proposal=proposal)
    assert (report.state, report.committee_id, report.title) == ("submitted", proposal.committee_id, proposal.title)
    assert proposal.situation.strip() in report.content
    assert report.suggestions == proposal.suggestions.strip()
    assert report.submitted_at is not None and report.original_title == report.title
    credited = set(Credit.objects.filter(report=report).values_list("member_id", flat=True))
    assert credited == {proposal.proposer_id, world.co_person.pk}
    assert list(proposal.opinion_reports.all()) == [report]
    client.force_login(world.p.staff)
    queue = client.get(reverse("opinions:queue")).content.decode()
    assert report.title in queue and reverse("opinions:detail", args=[report.pk]) in queue


def test_the_proposer_sees_the_report_credited_to_them(world, client):
    proposal = world.submitted()
    services.convert_proposal(actor=world.p.staff, proposal=proposal, target="opinion")
    report = OpinionReport.objects.get(from_proposal=proposal)
    assert OpinionReport.objects.visible_to(world.p.member).filter(pk=report.pk).exists()
    client.force_login(world.p.member)
    mine = client.get(reverse("opinions:mine")).content.decode()
    assert report.title in mine


def test_converting_to_a_suggestion_creates_no_report(world):
    proposal = world.submitted()
    services.convert_proposal(actor=world.p.staff, proposal=proposal, target="suggestion")
    assert proposal.state == "converted"
    assert not OpinionReport.objects.exists()


def test_a_failed_conversion_writes_nothing(world):
    proposal = world.submitted(situation="校外托管机构资质参差不齐，安全隐患突出。" * 10)
    with pytest.raises(Invalid):
        services.convert_proposal(actor=world.p.staff, proposal=proposal, target="elsewhere")
    save_settings(actor=world.p.staff, committee=proposal.committee, warn_length=100, max_length=100, feedback_days=30)
    with pytest.raises(Invalid) as exc:
        services.convert_proposal(actor=world.p.staff, proposal=proposal, target="opinion")
    assert "target" in exc.value.errors
    assert Proposal.objects.get(pk=proposal.pk).state == "submitted"
    assert not OpinionReport.objects.exists()


def test_both_detail_pages_and_both_api_details_show_the_link(world, client):
    proposal = world.submitted()
    services.convert_proposal(actor=world.p.staff, proposal=proposal, target="opinion")
    report = OpinionReport.objects.get(from_proposal=proposal)
    client.force_login(world.p.staff)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="opinion-report"' in page and reverse("opinions:detail", args=[report.pk]) in page
    page = client.get(reverse("opinions:detail", args=[report.pk])).content.decode()
    assert 'data-testid="from-proposal"' in page and reverse("proposals:detail", args=[proposal.pk]) in page
    assert client.get(f"/api/v1/proposals/{proposal.pk}").json()["opinion_report"] == report.pk
    assert client.get(f"/api/v1/opinions/{report.pk}").json()["from_proposal"] == proposal.pk
