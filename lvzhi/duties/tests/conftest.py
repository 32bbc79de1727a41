"""The duty records' tests run on a `world` (lvzhi.duties.factories.DutyWorld) over the personas."""

import pytest

from lvzhi.duties.factories import DutyWorld


@pytest.fixture
def world(personas):
    return DutyWorld(personas)
