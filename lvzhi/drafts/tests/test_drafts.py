"""The draft store: what a user types in a long form is kept for that user alone, replaced by each
save, refused when malformed or too large, and deleted when the form is submitted successfully."""

import pytest
from django.test import override_settings

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.audit import AuditEntry
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.drafts import services
from lvzhi.drafts.factories import make_draft
from lvzhi.drafts.middleware import DONE_COOKIE
from lvzhi.drafts.models import Draft

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document():
    return openapi_document()


def test_it_keeps_one_draft_per_user_and_form_replaced_by_each_save(personas):
    make_draft(personas.member, text="第一稿")
    draft = make_draft(personas.member, text="第二稿")
    assert Draft.objects.count() == 1
    assert draft.fields == {"body": "第二稿"}
    assert draft.size == len('{"body": "第二稿"}'.encode())
    assert AuditEntry.objects.filter(action="drafts.create").count() == 1


def test_it_refuses_an_anonymous_or_inactive_actor(personas):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        make_draft(AnonymousUser())
    personas.member.is_active = False
    with pytest.raises(Forbidden):
        make_draft(personas.member)
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("key", "path", "fields", "field"),
    [
        ("", "/x/", {"a": "b"}, "key"),
        ("x#", "/x/", {"a": "b"}, "key"),
        ("/x/#", "http://elsewhere/", {"a": "b"}, "path"),
        ("/x/#", "/x/", ["a"], "fields"),
        ("/x/#", "/x/", {"a": 1}, "fields"),
        ("/x/#", "/x/", {"a": "\x00"}, "fields"),
        ("/x/#", "/x/", {f"f{i}": "" for i in range(61)}, "fields"),
    ],
)
def test_it_refuses_malformed_input_with_a_chinese_message_and_writes_nothing(personas, key, path, fields, field):
    with pytest.raises(Invalid) as refused:
        services.save_draft(actor=personas.member, key=key, path=path, fields=fields)
    assert field in refused.value.errors
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(refused.value.errors[field]))
    assert not Draft.objects.exists()


@override_settings(DRAFT_MAX_KB=1)
def test_it_refuses_a_draft_past_the_size_limit(personas):
    with pytest.raises(Invalid) as refused:
        make_draft(personas.member, text="字" * 400)
    assert "上限为 1 KB" in refused.value.errors["fields"][0]
    assert not Draft.objects.exists()


@override_settings(DRAFT_MAX_PER_USER=2)
def test_it_refuses_a_new_form_past_the_number_of_drafts_but_still_saves_the_old_ones(personas):
    make_draft(personas.member, key="/a/#")
    make_draft(personas.member, key="/b/#")
    with pytest.raises(Invalid):
        make_draft(personas.member, key="/c/#")
    make_draft(personas.member, key="/a/#", text="改过")
    assert sorted(Draft.objects.values_list("key", flat=True)) == ["/a/#", "/b/#"]


def test_the_api_lists_only_the_callers_own_drafts(personas, api, document):
    make_draft(personas.member, text="委员的")
    make_draft(personas.staff, text="工作人员的")
    status, body = api(personas.member, "get", "/me/drafts")
    assert status == 200
    assert [item["fields"] for item in body["items"]] == [{"body": "委员的"}]
    assert not openapi_mismatches(document, "get", "/api/v1/me/drafts", status, body)
    status, body = api(personas.member, "get", "/me/drafts?key=/opinions/new/%23")
    assert body["count"] == 1
    status, body = api(personas.member, "get", "/me/drafts?key=/other/")
    assert body["count"] == 0


def test_the_api_saves_then_replaces_a_draft_and_discards_only_the_callers_own(personas, api, document):
    draft = {"key": "/proposals/new/#", "path": "/proposals/new/", "fields": {"title": "题目", "body": "正文"}}
    status, body = api(personas.member, "post", "/me/drafts", draft)
    assert status == 201
    assert not openapi_mismatches(document, "post", "/api/v1/me/drafts", status, body)
    status, body = api(personas.member, "post", "/me/drafts", {**draft, "fields": {"title": "题目二"}})
    assert (status, body["fields"]) == (200, {"title": "题目二"})
    status, body = api(personas.staff, "post", "/me/drafts/discard", {"key": draft["key"]})
    assert (status, body) == (200, {"discarded": False})
    assert Draft.objects.filter(user=personas.member).exists()
    status, body = api(personas.member, "post", "/me/drafts/discard", {"key": draft["key"]})
    assert (status, body) == (200, {"discarded": True})
    assert not Draft.objects.exists()


def test_the_api_refuses_an_anonymous_caller_and_bad_bodies(personas, api):
    status, _body = api(None, "get", "/me/drafts")
    assert status == 401
    status, body = api(personas.member, "post", "/me/drafts", {"key": "/x/#", "path": "/x/", "fields": {"a": 5}})
    assert status == 422
    status, body = api(personas.member, "post", "/me/drafts", {"key": "x", "path": "/x/", "fields": {}})
    assert (status, list(body["errors"])) == (422, ["key"])
    assert not Draft.objects.exists()


def test_listing_drafts_costs_the_same_queries_for_one_or_many(personas, client, django_assert_max_num_queries):
    client.force_login(personas.member)
    make_draft(personas.member, key="/a/#")
    with django_assert_max_num_queries(8) as few:
        assert client.get("/api/v1/me/drafts").status_code == 200
    for n in range(20):
        make_draft(personas.member, key=f"/k{n}/#")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/me/drafts").json()["count"] == 21


def test_a_successful_submit_purges_the_draft_it_names_and_tells_the_browser(personas, client):
    make_draft(personas.member, key="/accounts/language/#")
    make_draft(personas.member, key="/elsewhere/#")
    client.force_login(personas.member)
    response = client.post(
        "/accounts/language/", {"language": "zh-hans", "next": "/", "_lvzhi_draft": "/accounts/language/#"}
    )
    assert response.status_code == 302
    assert list(Draft.objects.values_list("key", flat=True)) == ["/elsewhere/#"]
    assert response.cookies[DONE_COOKIE].value == "%2Faccounts%2Flanguage%2F%23"


def test_a_form_shown_again_with_its_errors_keeps_its_draft(personas, client):
    make_draft(personas.member, key="/accounts/password/#")
    client.force_login(personas.member)
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y", "_lvzhi_draft": "/accounts/password/#"},
    )
    assert response.status_code == 200
    assert Draft.objects.count() == 1
    assert DONE_COOKIE not in response.cookies


def test_another_users_submit_or_an_anonymous_post_purges_nothing(personas, client):
    make_draft(personas.member, key="/accounts/language/#")
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/", "_lvzhi_draft": "/accounts/language/#"})
    client.force_login(personas.staff)
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/", "_lvzhi_draft": "/accounts/language/#"})
    assert Draft.objects.count() == 1


def test_a_redirect_that_carries_an_error_message_is_not_a_successful_submit(personas, rf):
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponseRedirect

    from lvzhi.drafts.middleware import PurgeSubmittedDraftsMiddleware

    make_draft(personas.member, key="/x/#")

    def refusing_view(request):
        messages.error(request, "当前状态下不能执行此操作。")
        return HttpResponseRedirect("/x/")

    request = rf.post("/x/", {"_lvzhi_draft": "/x/#"})
    request.user, request.session = personas.member, {}
    request._messages = FallbackStorage(request)
    response = PurgeSubmittedDraftsMiddleware(refusing_view)(request)
    assert response.status_code == 302
    assert Draft.objects.count() == 1
    assert DONE_COOKIE not in response.cookies
