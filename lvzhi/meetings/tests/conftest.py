import pytest

from lvzhi.meetings.factories import MeetingWorld


@pytest.fixture
def world(personas):
    return MeetingWorld(personas)
