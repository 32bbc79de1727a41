import pytest

from lvzhi.learning.factories import LearningWorld


@pytest.fixture
def world(personas):
    return LearningWorld(personas)


@pytest.fixture(scope="session")
def document():
    from lvzhi.core.tests.openapi import openapi_document

    return openapi_document()
