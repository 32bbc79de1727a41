import json

import pytest

from lvzhi.learning.factories import LearningWorld


@pytest.fixture
def world(personas):
    return LearningWorld(personas)


@pytest.fixture
def api(client):
    client.handler.enforce_csrf_checks = False

    def call(user, method, path, body=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        kwargs = {"content_type": "application/json"}
        if body is not None:
            kwargs["data"] = body if isinstance(body, str) else json.dumps(body)
        response = getattr(client, method)(f"/api/v1{path}", **kwargs)
        return response.status_code, (response.json() if response.content else None)

    return call


@pytest.fixture(scope="session")
def document():
    from lvzhi.core.tests.openapi import openapi_document

    return openapi_document()
