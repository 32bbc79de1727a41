"""The staff officer's home page: today's and this week's meetings, the leave requests awaiting a
decision, what is overdue by module and the recent notifications — and each count opens exactly its
rows (the page it links to lists that many). Walked on the demo data with the test client."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.accounts.models import User

COUNT = re.compile(r'<a\b[^>]*href="([^"]+)"[^>]*data-testid="([\w.-]+)"[^>]*>(?:(?!</a>).)*?data-count>(\d+)<', re.S)


def _home(client):
    return client.get("/").content.decode()


def _rows_behind(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    if "total" in context and "groups" in context:  # the to-do centre
        return context["total"]
    return context["page"].paginator.count


@pytest.fixture
def staff_client(shared_demo):
    client = Client()
    client.force_login(User.objects.get(username="wuwei_staff"))
    return client


def test_the_staff_home_has_its_panels(staff_client):
    html = _home(staff_client)
    for title in ("我的待办", "逾期事项", "会议与请假", "今天的会议活动", "本周的会议活动", "待审批的请假", "最新通知"):
        assert title in html, title


def test_each_count_on_the_staff_home_opens_exactly_its_rows(staff_client):
    html = _home(staff_client)
    found = COUNT.findall(html)
    keys = {key for _, key, _ in found}
    assert {"meetings-today", "meetings-week", "leave-pending"} <= keys, keys
    assert any(key.startswith("overdue-") for key in keys), keys
    wrong = []
    for url, key, shown in found:
        behind = _rows_behind(staff_client, url.replace("&amp;", "&"))
        if behind != int(shown):
            wrong.append(f"{key}: {shown} on the home page, {behind} behind {url}")
    assert not wrong, "\n".join(wrong)
    todo_counts = re.findall(r'href="([^"]+)" data-testid="todo-count-[\w.]+">.*?fs-5 fw-semibold">(\d+)<', html, re.S)
    assert todo_counts
    for url, shown in todo_counts:
        assert _rows_behind(staff_client, url.replace("&amp;", "&")) == int(shown), url


def test_an_overdue_list_shows_only_items_past_their_due_date(staff_client):
    html = _home(staff_client)
    url, shown = re.search(r'href="([^"]+)" data-testid="overdue-[\w.]+">.*?data-count>(\d+)<', html, re.S).groups()
    response = staff_client.get(url.replace("&amp;", "&"))
    items = [item for _, item in response.context["page"].object_list]
    assert items and all(item.overdue for item in items)
    assert "已逾期" in response.content.decode()


def test_the_staff_home_queries_do_not_grow_with_rows(staff_client):
    with CaptureQueriesContext(connection) as queries:
        _home(staff_client)
    assert len(queries) <= 90, len(queries)
