"""Deny by default: every page and API operation refuses an anonymous visitor, except the few that
are public by design (login, language, health checks, the token endpoint, the API's docs)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "/healthz",
    "/readyz",
    "/accounts/login/",
    "/accounts/language/",
    "/api/v1/auth/token",
    "/api/v1/docs",
    "/api/v1/openapi.json",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str) -> str:
    """A request path for a route: every parameter filled with 1 (or 'x' for strings)."""
    path = re.sub(r"<int:[^>]+>", "1", route)
    path = re.sub(r"<(?:str|slug):[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", "1", path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path.lstrip("/")


ALL_ROUTES = {_concrete(r) for r in _walk(get_resolver().url_patterns)}
ROUTES = sorted(ALL_ROUTES - PUBLIC)


def test_the_walk_finds_the_pages_the_api_and_the_public_routes():
    assert len(ROUTES) > 150
    assert "/org/members/" in ROUTES and any(r.startswith("/api/v1/") for r in ROUTES)
    assert PUBLIC <= ALL_ROUTES  # the exceptions name real routes


@pytest.mark.parametrize("path", ROUTES)
def test_an_anonymous_visitor_is_refused(client, db, path):
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        if path.startswith("/api/"):
            assert response.status_code in (401, 404, 405), (method, path, response.status_code)
        else:
            assert response.status_code in (302, 404, 405), (method, path, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), (method, path, response["Location"])
