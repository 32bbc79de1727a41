"""The OpenAPI document, built once per test process (building it takes about a second): exactly what
GET /api/v1/openapi.json serves in the default language. Tests compare real responses with it
(`lvzhi.core.api.openapi_mismatches`); use it from a session-scoped fixture:

    @pytest.fixture(scope="session")
    def openapi():
        return openapi_document()
"""

import functools
import json

from django.conf import settings
from django.utils import translation
from ninja.responses import Response

from lvzhi.api import api


@functools.cache
def _document_json() -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return Response(api.get_openapi_schema()).content


def openapi_document() -> dict:
    """A fresh copy each call (a test may not change another's document)."""
    return json.loads(_document_json())
