import pytest

from lvzhi.core.tests.openapi import openapi_document


@pytest.fixture(scope="session")
def openapi():
    return openapi_document()
