"""Nothing the API accepts breaks a page later: hypothesis sends the create endpoints values at the
edges of dates (year 1 to 9999, any UTC offset), numbers (beyond 64 bits, negative, zero) and
text (empty, very long, NUL, control characters, other scripts), one field at a time on a body that
is otherwise valid. Whatever is accepted (201) must then show without a server error on the API's
list and detail, and on the list and detail pages; whatever is refused is a 4xx with the JSON error.

Plus plain regression tests for the examples the security review found (run on SQLite and on
PostgreSQL, where a NUL byte used to reach the database)."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lvzhi.accounts.models import User
from lvzhi.core.cleaning import DATE_MAX, DATE_MIN
from lvzhi.core.tests.openapi import openapi_document

OFFICE, MEMBER = "wuwei_staff", "wuwei_member"
RANGE_MESSAGE = f"日期须在 {DATE_MIN.isoformat()} 至 {DATE_MAX.isoformat()} 之间。"

# A create endpoint: who creates, a valid body, the API detail path, the pages' URL names.
ENDPOINTS = {
    "/api/v1/activities/": (
        OFFICE,
        {"committee": "620600", "kind": "study", "topic": "边界测试", "start": "2026-03-01T09:00:00+08:00"},
        "/api/v1/activities/{id}",
        ("activities:list", "activities:detail"),
    ),
    "/api/v1/notices/": (
        OFFICE,
        {"committee": "620600", "title": "边界测试", "body": "<p>内容</p>", "kind": "notice"},
        "/api/v1/notices/{id}",
        ("notices:list", "notices:detail"),
    ),
    "/api/v1/topics/": (
        OFFICE,
        {"committee": "620600", "title": "边界测试", "opens_on": "2026-03-01", "closes_on": "2026-04-01"},
        "/api/v1/topics/{id}",
        ("deliberation:list", "deliberation:detail"),
    ),
    "/api/v1/study-materials/": (
        OFFICE,
        {
            "title": "边界测试",
            "kind": "video",
            "media_url": "https://video.example/1.mp4",
            "required": True,
            "deadline": "2026-06-30",
        },
        "/api/v1/study-materials/{id}",
        ("learning:list", "learning:detail"),
    ),
    "/api/v1/regulations/": (
        OFFICE,
        {"committee": "620600", "title": "边界测试", "kind": "mechanism", "adopted_on": "2026-01-01"},
        "/api/v1/regulations/{id}",
        ("stats:regulation_list", "stats:regulation_detail"),
    ),
    "/api/v1/mediation-cases/": (
        OFFICE,
        {
            "committee": "620600",
            "court": "凉州区人民法院",
            "case_number": "（2026）甘0602民诉前调1号",
            "dispute_kind": "loan",
            "received_on": "2026-01-05",
            "parties": ["张三", "李四"],
            "mediators": [],
        },
        "/api/v1/mediation-cases/{id}",
        ("supervision:mediation_list", "supervision:mediation_detail"),
    ),
    "/api/v1/opinions/": (
        MEMBER,
        {"title": "边界测试", "category": "社会民生", "content": "内容"},
        "/api/v1/opinions/{id}",
        ("opinions:list", "opinions:detail"),
    ),
    "/api/v1/proposals/": (
        MEMBER,
        {"title": "边界测试", "category": "", "situation": "现状", "suggestions": "建议"},
        "/api/v1/proposals/{proposal_id}",
        ("proposals:list", "proposals:detail"),
    ),
}

TEXT = st.one_of(
    st.text(max_size=30),
    st.just(""),
    st.just("a\x00b"),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=190, max_size=260),
    st.just("‮" + "政协" * 300),
)
INTEGER = st.one_of(st.sampled_from([0, -1, 2**31, 2**63 - 1, 2**63, 10**20, -(10**20)]), st.integers(-(2**70), 2**70))
DAY = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(str)
OFFSET = st.sampled_from(["+00:00", "+14:00", "-12:00", "+08:00", "Z", ""])
MOMENT = st.builds(
    lambda day, offset: f"{day}T{'00:00:00' if day < '5000' else '23:59:59'}{offset}",
    DAY,
    OFFSET,
)
EDGE_DAYS = [str(DATE_MIN - datetime.timedelta(days=1)), str(DATE_MIN), str(DATE_MAX), "2101-01-01", "9999-12-31"]


def _body_schema(document, path):
    schema = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def _kind(document, prop) -> str:
    """What to send a field: "day", "moment", "int", "text", or "" (leave it)."""
    while "$ref" in prop:
        prop = document["components"]["schemas"][prop["$ref"].split("/")[-1]]
    options = prop.get("anyOf", [prop])
    for option in options:
        if option.get("format") == "date":
            return "day"
        if option.get("format") == "date-time":
            return "moment"
    for option in options:
        if option.get("type") == "integer":
            return "int"
        if option.get("type") == "string" and "enum" not in option and "format" not in option:
            return "text"
    return ""


def _value(data, kind):
    if kind == "day":
        return data.draw(st.one_of(DAY, st.sampled_from(EDGE_DAYS)))
    if kind == "moment":
        return data.draw(st.one_of(MOMENT, st.sampled_from([f"{d}T23:59:59+00:00" for d in EDGE_DAYS])))
    if kind == "int":
        return data.draw(INTEGER)
    return data.draw(TEXT)


@pytest.fixture
def clients(shared_demo):
    """Logged-in test clients of the office user and the member."""
    made = {}
    for username in (OFFICE, MEMBER):
        client = Client()
        client.force_login(User.objects.get(username=username))
        made[username] = client
    return made


@pytest.fixture(scope="module")
def document():
    return openapi_document()


def _base(path) -> dict:
    username, body, _detail, _pages = ENDPOINTS[path]
    if path == "/api/v1/proposals/":
        from lvzhi.proposals.models import ProposalCategory

        category = ProposalCategory.objects.filter(committee__code="620600", is_active=True).order_by("pk").first()
        body = {**body, "category": category.name}
    return body


def _json(client, method, path, body=None):
    response = getattr(client, method)(path, json.dumps(body), content_type="application/json")
    return response


def _assert_renders(client, user_client, detail_path, pages, created):
    """The record created shows: API detail and list, list page and detail page, all without a 500."""
    record_id = created["id"]
    api_list = detail_path.rsplit("/", 1)[0] + "/"
    for path in (detail_path.format(id=record_id, proposal_id=record_id), api_list):
        response = user_client.get(path)
        assert response.status_code < 500, (path, response.content[:300])
    list_name, detail_name = pages
    for path in (reverse(list_name), reverse(detail_name, args=[record_id])):
        for viewer in (client, user_client):
            response = viewer.get(path)
            assert response.status_code < 500, (path, response.content[:300])


@pytest.mark.parametrize("path", sorted(ENDPOINTS))
def test_a_valid_body_is_created_and_shows(clients, path):
    """The base bodies are valid (otherwise the boundary test below would test only refusals)."""
    username, _body, detail_path, pages = ENDPOINTS[path]
    response = _json(clients[username], "post", path, _base(path))
    assert response.status_code == 201, response.content
    _assert_renders(clients[OFFICE], clients[username], detail_path, pages, response.json())


@pytest.mark.parametrize("path", sorted(ENDPOINTS))
@settings(max_examples=12, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_nothing_accepted_at_the_boundaries_breaks_a_page(clients, document, path, data):
    username, _body, detail_path, pages = ENDPOINTS[path]
    body = _base(path)
    schema = _body_schema(document, path)
    fields = {name: _kind(document, prop) for name, prop in schema.get("properties", {}).items()}
    fields = {name: kind for name, kind in fields.items() if kind and name != "committee"}
    name = data.draw(st.sampled_from(sorted(fields)))
    sent = {**body, name: _value(data, fields[name])}
    response = _json(clients[username], "post", path, sent)
    assert response.status_code < 500, (name, sent[name], response.content[:300])
    answer = response.json()
    if response.status_code != 201:
        assert answer["code"] and answer["message"], answer
        return
    _assert_renders(clients[OFFICE], clients[username], detail_path, pages, answer)


# --- The examples of the security review -------------------------------------------------------


def test_an_activity_in_year_9999_is_refused_and_nothing_is_written(clients):
    from lvzhi.activities.models import Activity

    before = Activity.objects.count()
    for start in ("9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+14:00", "1949-09-30T12:00:00+08:00"):
        body = {"committee": "620600", "kind": "study", "topic": "x", "start": start}
        response = _json(clients[OFFICE], "post", "/api/v1/activities/", body)
        assert response.status_code == 422, response.content
        assert response.json()["errors"] == {"start": [RANGE_MESSAGE]}
    assert Activity.objects.count() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/figures/proposals.received?as_of=9999-12-31",
        "/api/v1/activities/?date_to=9999-12-31",
        "/api/v1/mediation-cases/?date_from=0001-01-01",
    ],
)
def test_an_out_of_range_date_in_a_query_is_422(clients, path):
    response = clients[OFFICE].get(path)
    assert response.status_code == 422, response.content
    assert RANGE_MESSAGE in json.dumps(response.json(), ensure_ascii=False)


@pytest.mark.parametrize("path", ["/stats/screen/?as_of=9999-12-31", "/stats/?as_of=0001-01-01"])
def test_an_out_of_range_as_of_on_a_page_is_a_clear_refusal(clients, path):
    response = clients[OFFICE].get(path)
    assert response.status_code in (404, 422), response.status_code
    if response.status_code == 422:
        assert RANGE_MESSAGE in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/api/v1/activities/?q=a%00b", "/api/v1/members/?committee=%00", "/activities/?q=%00", "/org/members/%00/"],
)
def test_a_nul_byte_in_a_query_or_path_is_refused_not_a_500(clients, path):
    response = clients[OFFICE].get(path)
    assert response.status_code in (400, 422), (path, response.status_code)
    if path.startswith("/api/"):
        assert response.json()["code"] == "invalid"
    else:
        assert "空字符" in response.content.decode()


def test_a_nul_byte_in_a_json_string_or_a_form_field_is_refused(clients):
    from lvzhi.activities.models import Activity

    before = Activity.objects.count()
    body = {"committee": "620600", "kind": "study", "topic": "a\x00b", "start": "2026-03-01T09:00:00+08:00"}
    response = _json(clients[OFFICE], "post", "/api/v1/activities/", body)
    assert response.status_code == 422 and response.json()["errors"]["topic"] == ["不能包含空字符。"]
    response = clients[OFFICE].post("/activities/new/", {"topic": "a\x00b", "kind": "study"})
    assert response.status_code == 400 and "空字符" in response.content.decode()
    assert Activity.objects.count() == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"is_active": 0}, "is_active"),
        ({"start_date": 0}, "start_date"),
        ({"number": True}, "number"),
        ({"number": "6"}, "number"),
        ({"number": 10**20}, "number"),
    ],
)
def test_lax_values_are_refused(clients, body, field):
    base = {"committee": "620600", "number": 9, "start_date": "2031-01-01", "is_active": True}
    path = "/api/v1/sectors/" if field == "is_active" else "/api/v1/terms/"
    if path == "/api/v1/sectors/":
        base = {"committee": "620600", "name": "边界界别"}
    response = _json(clients[OFFICE], "post", path, {**base, **body})
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_a_body_that_is_a_list_of_nulls_is_refused(clients):
    response = _json(clients[OFFICE], "post", "/api/v1/sectors/", [None, None])
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_an_annual_report_for_a_committee_neither_id_nor_code_is_422(clients):
    for committee in ("path", "62060０", "99999999999999999999", True):
        body = {"year": 2025, "text": "述职", "committee": committee}
        response = _json(clients[MEMBER], "post", "/api/v1/annual-reports/", body)
        assert response.status_code == 422, (committee, response.content)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/mediation-cases/?committee=99999999999999999999",
        "/api/v1/activities/?committee=99999999999999999999",
        "/api/v1/members/99999999999999999999",
        "/api/v1/activities/?page=99999999999999999999",
    ],
)
def test_an_integer_beyond_64_bits_is_not_a_500(clients, path):
    response = clients[OFFICE].get(path)
    assert response.status_code in (200, 404, 422), (path, response.status_code)
    assert response["Content-Type"].startswith("application/json")


def test_forwarding_a_report_from_a_committee_without_a_parent_is_409(personas):
    from lvzhi.opinions.factories import OpinionWorld
    from lvzhi.opinions.models import OpinionReport
    from lvzhi.org.models import Committee

    world = OpinionWorld(personas)
    report = world.accepted()
    Committee.objects.filter(pk=personas.wuwei.pk).update(parent=None)  # as a top committee
    client = Client()
    client.force_login(world.staff)
    before = OpinionReport.objects.count()
    response = _json(client, "post", f"/api/v1/opinions/{report.pk}/forward", {})
    assert response.status_code == 409, response.content
    assert "没有上级政协" in response.json()["message"]
    assert OpinionReport.objects.count() == before


def test_an_attachment_missing_from_storage_is_a_404_with_a_message(clients, settings, tmp_path):
    from lvzhi.core.attachments import store_attachment
    from lvzhi.core.factories import pdf_upload

    settings.MEDIA_ROOT = tmp_path
    office = User.objects.get(username=OFFICE)
    attachment = store_attachment(actor=office, committee=office.committee, upload=pdf_upload("报告.pdf"))
    assert clients[OFFICE].get(f"/attachments/{attachment.pk}/").status_code == 200  # its uploader may open it
    attachment.file.storage.delete(attachment.file.name)
    response = clients[OFFICE].get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 404 and "不在存储中" in response.content.decode()


class TestErrorsAnswerInTheCallersTerms:
    def test_a_multipart_request_without_boundary(self, clients):
        response = clients[OFFICE].post("/api/v1/sectors/", b"--x", content_type="multipart/form-data")
        assert response.status_code == 422 and response.json()["code"] == "invalid"

    def test_a_body_over_the_limit(self, clients):
        response = clients[OFFICE].post(
            "/api/v1/sectors/", b"{}", content_type="application/json", CONTENT_LENGTH=str(22 * 1024 * 1024)
        )
        assert response.status_code == 413 and response.json()["code"] == "too_large"
        response = clients[OFFICE].generic(
            "POST",
            "/activities/new/",
            b"",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(22 * 1024 * 1024),
        )
        assert response.status_code == 413 and "内容过大" in response.content.decode()

    def test_a_method_the_route_does_not_have(self, clients):
        response = clients[OFFICE].put("/api/v1/activities/")
        assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
        assert "GET" in response["Allow"]

    def test_an_over_long_url(self, clients):
        response = clients[OFFICE].get("/api/v1/activities/?q=" + "x" * 5000)
        assert response.status_code == 414 and response.json()["code"] == "uri_too_long"

    def test_a_csrf_failure_page_is_in_chinese(self, shared_demo):
        client = Client(enforce_csrf_checks=True)
        client.force_login(User.objects.get(username=OFFICE))
        response = client.post("/activities/new/", {"topic": "x"})
        assert response.status_code == 403 and "安全校验" in response.content.decode()

    def test_a_session_write_to_the_api_without_its_token_is_json(self, shared_demo):
        client = Client(enforce_csrf_checks=True)
        client.force_login(User.objects.get(username=OFFICE))
        response = client.post("/api/v1/sectors/", {"name": "x"}, content_type="application/json")
        assert response.status_code == 403 and response.json()["code"] == "forbidden"

    def test_a_server_error_under_the_api_is_json(self, clients, monkeypatch):
        from lvzhi.core import handlers

        request = Client().get("/api/v1/nothing").wsgi_request
        response = handlers.server_error(request)
        assert response.status_code == 500 and json.loads(response.content)["code"] == "error"


@pytest.mark.parametrize(
    "given, echoed",
    [("abc-123_x.y:z", True), ("a" * 65, False), ("abc\r\nInjected: 1", False), ("<script>", False), ("", False)],
)
def test_the_request_id_is_echoed_only_when_it_is_a_short_token(clients, given, echoed):
    response = clients[OFFICE].get("/healthz", HTTP_X_REQUEST_ID=given)
    assert (response["X-Request-ID"] == given) is echoed
    assert len(response["X-Request-ID"]) <= 64
