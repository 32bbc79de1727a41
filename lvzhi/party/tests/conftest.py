"""A small party-building world on top of the shared personas."""

import pytest

from lvzhi.party.factories import PartyWorld


@pytest.fixture
def world(personas):
    return PartyWorld(personas)
