"""Deny by default: every page and API operation refuses an anonymous visitor *because nobody is
logged in* — a page redirects to the login page with `?next=` back to itself, an API operation
answers 401 `unauthorized` — except the few routes that are public by design, listed with their
reasons below.

Any other answer fails, a 404 included: a view that forgets its login check and looks up record 1,
which does not exist here, answers 404, and that must not pass for a refusal. The one other answer
allowed is 405 to a method the route does not serve, as long as another method of the same route
gives the login refusal."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

# route → (method, what an anonymous visitor gets, why it is public)
PUBLIC = {
    "/healthz": ("get", 200, "the load balancer's liveness check"),
    "/readyz": ("get", 200, "the load balancer's readiness check"),
    "/metrics": ("get", 404, "Prometheus metrics: only the monitoring network (LVZHI_METRICS_ALLOWED) reads them"),
    "/accounts/login/": ("get", 200, "the login page itself"),
    "/accounts/login/verify/": ("get", 302, "step two of logging in (one-time code); else back to the login page"),
    "/accounts/login/enrol/": ("get", 302, "step two of logging in (a new second factor); else back to login"),
    "/accounts/logout/": ("post", 302, "logging out needs no login: it ends the session if there is one"),
    "/accounts/language/": ("post", 302, "the language switch is offered on the login page"),
    "/api/v1/": ("get", 404, "django-ninja's API root: only names the API's base path, answers 404 to all"),
    "/api/v1/auth/token": ("post", 422, "exchanges a username and password for a token (422: none sent)"),
    "/api/v1/docs": ("get", 200, "the API's documentation page"),
    "/api/v1/openapi.json": ("get", 200, "the API's OpenAPI document"),
    "/manifest.webmanifest": ("get", 200, "the installable app's manifest: read before any login"),
    "/sw.js": ("get", 200, "the app's service worker script: registered from the login page too"),
    "/offline/": ("get", 200, "what the app shows without a network: the same page for everyone"),
}
API_ROOT = "/api/v1/"


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


def _api_operations() -> list[tuple[str, str]]:
    """(method, request path) of every API operation, each path parameter filled with 1."""
    from lvzhi.api import api

    operations = []
    for prefix, router in api._routers:
        for route, path_view in router.path_operations.items():
            path = API_ROOT + "/".join(part.strip("/") for part in (prefix, route) if part.strip("/"))
            path = re.sub(r"\{[^}]+\}", "1", path) + ("/" if route.endswith("/") else "")
            for operation in path_view.operations:
                operations.extend((method.lower(), path) for method in operation.methods)
    return sorted(operations)


ALL_ROUTES = {_concrete(r) for r in _walk(get_resolver().url_patterns)}
ROUTES = sorted(ALL_ROUTES - set(PUBLIC))
PAGES = [r for r in ROUTES if not r.startswith(API_ROOT)]
API_OPERATIONS = [(method, path) for method, path in _api_operations() if path not in PUBLIC]


def test_the_walk_finds_the_pages_the_api_and_the_public_routes():
    assert len(ROUTES) > 150
    assert "/org/members/" in ROUTES and any(r.startswith("/api/v1/") for r in ROUTES)
    assert set(PUBLIC) <= ALL_ROUTES  # the exceptions name real routes
    # every API route the URL configuration serves is one of the operations checked below
    assert {r for r in ROUTES if r.startswith(API_ROOT)} == {path for _method, path in API_OPERATIONS}
    assert len(API_OPERATIONS) > 150


def _is_login_refusal(response, path) -> bool:
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    return location.path == resolve_url(settings.LOGIN_URL) and parse_qs(location.query).get("next") == [path]


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db, path):
    answers = {method: getattr(client, method)(path) for method in ("get", "post")}
    refused = {method for method, response in answers.items() if _is_login_refusal(response, path)}
    assert refused, {m: (r.status_code, r.get("Location")) for m, r in answers.items()}
    for method, response in answers.items():
        if method not in refused:
            assert response.status_code == 405, (method, path, response.status_code, response.get("Location"))


@pytest.mark.parametrize(("method", "path"), API_OPERATIONS)
def test_an_anonymous_api_call_is_401(client, db, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 401, (method, path, response.status_code)
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_a_public_route_answers_an_anonymous_visitor_as_documented(client, db, path):
    method, status, _why = PUBLIC[path]
    response = getattr(client, method)(path)
    assert response.status_code == status, (method, path, response.status_code)
    assert not _is_login_refusal(response, path)
