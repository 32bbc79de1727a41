"""The similar-proposal index is a derived store: the services' upkeep leaves what a rebuild gives,
and the command checks and rebuilds it."""

import pytest
from django.core.management import CommandError, call_command

from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal, SimilarityTerm
from lvzhi.proposals.services.index import index_drift, rebuild_index, refresh_index


def _rows():
    return sorted(SimilarityTerm.objects.values_list("committee_id", "proposal_id", "token"))


def test_the_services_index_after_their_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = world.draft()
    assert Proposal.objects.get(pk=draft.pk).tokens_indexed
    with django_capture_on_commit_callbacks(execute=True):
        services.update_proposal(actor=world.p.member, proposal=draft, data={"title": "关于加快冷链物流体系建设的建议"})
    assert "冷链" in set(SimilarityTerm.objects.filter(proposal=draft).values_list("token", flat=True))
    assert index_drift(world.committee.pk) == {"waiting": 0, "differ": 0}


def test_upkeep_equals_a_rebuild(world):
    world.filed()
    world.submitted(title="关于发展设施农业的建议")
    refresh_index()
    upkept = _rows()
    assert rebuild_index() == 2
    assert _rows() == upkept


def test_the_command_reports_drift_and_rebuilds(world):
    draft = world.draft()
    refresh_index()
    SimilarityTerm.objects.filter(proposal=draft).delete()
    with pytest.raises(CommandError):
        call_command("index_proposals", "--check")
    call_command("index_proposals", "--rebuild")
    call_command("index_proposals", "--check")
    assert index_drift() == {"waiting": 0, "differ": 0}
