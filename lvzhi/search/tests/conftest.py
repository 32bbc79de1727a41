import pytest

from lvzhi.proposals.factories import ProposalWorld


@pytest.fixture
def world(personas):
    return ProposalWorld(personas)
