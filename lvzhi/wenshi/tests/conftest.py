"""A small 文史 world on top of the shared personas (see `lvzhi.wenshi.factories`)."""

import pytest

from lvzhi.wenshi.factories import WenshiWorld


@pytest.fixture
def world(personas):
    return WenshiWorld(personas)
