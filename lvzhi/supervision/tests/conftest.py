"""A small supervision world on top of the shared personas: 武威 members to mediate, a case, a clue."""

import pytest

from lvzhi.supervision.factories import SupervisionWorld


@pytest.fixture
def world(personas):
    return SupervisionWorld(personas)
