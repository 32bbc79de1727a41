"""A small opinions world on top of the shared personas (`lvzhi.opinions.factories.OpinionWorld`):
a second member, a member and a user of the county, recipients of the city office, and helpers that
move a report along the loop."""

import pytest

from lvzhi.opinions.factories import OpinionWorld


@pytest.fixture
def world(personas):
    return OpinionWorld(personas)
