"""The whole API, attacked with generated input (schemathesis over the OpenAPI document): for every
operation, as an office user and as a member of the demo, valid and invalid values of every
parameter and body field. No answer may be a server error; every answer has a status the document
lists for the operation, a JSON content type it declares, and a body that matches its schema.

Examples are bounded (MAX_EXAMPLES per operation, each sent as both users, schemathesis' boundary-value phase off),
so that both users together take a few minutes on a small machine. The requests go through
Django's WSGI application in this process, inside the test's transaction, so the demo data are
there and every write is rolled back afterwards.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lvzhi.accounts.models import User
from lvzhi.accounts.services import create_api_token
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.wsgi import application

MAX_EXAMPLES = 3
USERS = {"office": "wuwei_staff", "member": "wuwei_member"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

config = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "generation": {"max-examples": MAX_EXAMPLES, "mode": "all", "database": "none"},
    }
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=config)
schema.app = application


@pytest.fixture
def inside_the_test_transaction():
    """Django's handler closes a connection that is not in autocommit at each request's start and
    end, which would end the test's transaction; the test client disconnects that too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearers(shared_demo, inside_the_test_transaction):
    """A bearer token of each user (one test per operation sends every example as both users:
    generating the examples costs more than sending them)."""
    headers = {}
    for key, username in USERS.items():
        _token, secret = create_api_token(actor=User.objects.get(username=username), name="schemathesis")
        headers[key] = {"Authorization": f"Bearer {secret}"}
    return headers


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_input_gets_a_server_error_or_an_undocumented_answer(case, bearers):
    for headers in bearers.values():
        case.call_and_validate(headers=headers, checks=CHECKS)
