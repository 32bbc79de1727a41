"""What the organisation API's tests share (test_api_org.py, test_api_org_writes.py): a bearer-token
client, the document's path templates, every kind of 武威 record, row counts."""

import json
import time

from django.test import Client

from lvzhi.accounts.factories import totp_code
from lvzhi.accounts.middleware import LOGIN_AT_KEY
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.models import AuditEntry
from lvzhi.org.models import (
    Committee,
    Member,
    Membership,
    Party,
    PartyBranch,
    Sector,
    Session,
    SpecialCommittee,
    Studio,
    Term,
    Unit,
)

PASSWORD = "Lvzhi-test-2026!"
ORG_MODELS = [Committee, Term, Session, Member, Membership, Sector, SpecialCommittee, Party, PartyBranch, Unit, Studio]
LISTS = ["/committees/", "/terms/", "/sessions/", "/members/", "/memberships/"] + [
    f"/{name}/" for name in ("sectors", "special-committees", "parties", "branches", "units", "studios")
]


class Api:
    """A client calling /api/v1 with the bearer token POST /api/v1/auth/token gave this user."""

    def __init__(self, user):
        self.client = Client()
        credentials = {"username": user.username, "password": PASSWORD}
        if user.has_second_factor:  # administrators log in with their authenticator's code too
            credentials["otp"] = totp_code(user)
        response = self.client.post("/api/v1/auth/token", json.dumps(credentials), content_type="application/json")
        assert response.status_code == 200, response.content
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}

    def get(self, path, params=None):
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers)

    def send(self, method, path, data=None):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data if data is not None else {})
        return getattr(self.client, method)(f"/api/v1{path}", body, content_type="application/json", **self.headers)

    def post(self, path, data=None):
        return self.send("post", path, data)

    def patch(self, path, data=None):
        return self.send("patch", path, data)


def template_of(openapi, path):
    """The document's path template for a concrete path: /members/12 → /api/v1/members/{member_id}."""
    parts = f"/api/v1{path.split('?')[0]}".split("/")
    for template in openapi["paths"]:
        pieces = template.split("/")
        if len(pieces) == len(parts) and all(a == b or a.startswith("{") for a, b in zip(pieces, parts, strict=True)):
            return template
    raise AssertionError(f"{path} is not documented")


def assert_documented(openapi, method, path, response):
    problems = openapi_mismatches(openapi, method, template_of(openapi, path), response.status_code, response.json())
    assert not problems, problems


def wuwei_records(w):
    """Every kind of 武威 record, by the API path of its detail."""
    return {
        "committee": f"/committees/{w.wuwei.pk}",
        "county committee": f"/committees/{w.liangzhou.pk}",
        "term": f"/terms/{w.term.pk}",
        "session": f"/sessions/{w.session.pk}",
        "member": f"/members/{w.member_person.pk}",
        "county member": f"/members/{w.county_person.pk}",
        "membership": f"/memberships/{w.seat.pk}",
        "sector": f"/sectors/{w.sector.pk}",
        "special committee": f"/special-committees/{w.special.pk}",
        "party": f"/parties/{w.party.pk}",
        "branch": f"/branches/{w.branch.pk}",
        "unit": f"/units/{w.unit.pk}",
        "studio": f"/studios/{w.studio.pk}",
    }


PATCHES = {
    "/committees/": {"name": "改名"},
    "/terms/": {"number": 9},
    "/sessions/": {"number": 9},
    "/members/": {"workplace": "改过的单位"},
    "/memberships/": {"role": "standing"},
    "/sectors/": {"name": "改名"},
    "/special-committees/": {"name": "改名"},
    "/parties/": {"name": "改名"},
    "/branches/": {"name": "改名"},
    "/units/": {"name": "改名"},
    "/studios/": {"name": "改名"},
}


def patch_for(path):
    return PATCHES[path.rsplit("/", 1)[0] + "/"]


def counts():
    rows = {model.__name__: model.objects.count() for model in ORG_MODELS}
    rows["audit"] = AuditEntry.objects.exclude(action__in=["login", "token.create"]).count()
    return rows


def session_client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    session = client.session
    session[LOGIN_AT_KEY] = time.time()
    session.save()
    return client
