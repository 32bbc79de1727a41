"""A small deliberation world on top of the shared personas (see `lvzhi.deliberation.factories`)."""

import pytest

from lvzhi.deliberation.factories import DeliberationWorld


@pytest.fixture
def world(personas):
    return DeliberationWorld(personas)
