"""A small activities world on top of the shared personas (see `lvzhi.activities.factories`)."""

import pytest

from lvzhi.activities.factories import ActivityWorld


@pytest.fixture
def world(personas):
    return ActivityWorld(personas)
