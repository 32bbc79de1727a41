import pytest

from lvzhi.core.tests.openapi import openapi_document
from lvzhi.directory.factories import DirectoryWorld


@pytest.fixture
def world(personas):
    return DirectoryWorld(personas)


@pytest.fixture(scope="session")
def openapi():
    return openapi_document()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
