"""A small liaison world on top of the shared personas."""

import pytest

from lvzhi.liaison.factories import LiaisonWorld


@pytest.fixture
def world(personas):
    return LiaisonWorld(personas)
