"""One number everywhere: every figure card and figure link on the home pages and dashboards of the
staff officer and the leader opens a page that counts the same records — the same number — because
the link carries the committee, scope and period the number was counted with. Every figure also says
its period and scope in words, and no period or scope code (term, year:2024, self, tree) shows.

Walks the demo data (`shared_demo`) with the Django test client."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.test import Client

from lvzhi.accounts.models import User

PAGES = [
    "/",
    "/proposals/dashboard/",
    "/activities/dashboard/",
    "/stats/",
    "/activities/figures/",
    "/opinions/figures/",
    "/supervision/",
    "/notices/figures/",
    "/learning/figures/",
    "/deliberation/figures/",
    "/wenshi/figures/",
    "/directory/figures/",
]
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


class _Figures(HTMLParser):
    """Links with data-figure (their number: a data-figure-value inside, else the link's text) and
    the page's own data-figure-value / data-testid=figure-value."""

    def __init__(self):
        super().__init__()
        self.links = []  # [key, href, text]
        self.value_texts = []
        self._link = None
        self._value_depth = None
        self._depth = 0
        self._value_buffer = ""
        self._inner_value = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._depth += 1
        if tag == "a" and "data-figure" in attrs and attrs.get("href"):
            self._link = [attrs["data-figure"], attrs["href"], "", None]
        if "data-figure-value" in attrs or attrs.get("data-testid") == "figure-value":
            self._value_depth = self._depth
            self._value_buffer = ""
            self._inner_value = self._link is not None

    def handle_endtag(self, tag):
        if self._value_depth is not None and self._depth == self._value_depth:
            if self._inner_value and self._link is not None:
                self._link[3] = self._value_buffer
            else:
                self.value_texts.append(self._value_buffer)
            self._value_depth = None
        self._depth -= 1
        if tag == "a" and self._link is not None:
            self.links.append(self._link)
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[2] += data
        if self._value_depth is not None:
            self._value_buffer += data


def _number(text):
    match = NUMBER.search((text or "").replace("，", ","))
    return match.group(0).replace(",", "") if match else None


def _parse(html):
    parser = _Figures()
    parser.feed(html)
    return parser


def _walk(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    compared, mismatched = [], []
    for path in PAGES:
        response = client.get(path)
        if response.status_code != 200:
            continue
        page = _parse(response.content.decode())
        for key, href, text, inner in page.links:
            shown = _number(inner if inner is not None else text)
            if shown is None:
                continue
            target = client.get(urljoin(path, href))
            assert target.status_code == 200, f"{path} {key} → {href}: {target.status_code}"
            values = [_number(v) for v in _parse(target.content.decode()).value_texts]
            values = [v for v in values if v is not None]
            if not values:
                continue
            compared.append((path, key))
            if float(values[0]) != float(shown):
                mismatched.append(f"{path} {key}: {shown} → {href}: {values[0]}")
    return compared, mismatched


@pytest.mark.parametrize("username", ["wuwei_leader", "wuwei_staff"])
def test_every_figure_link_opens_the_same_number(shared_demo, username):
    compared, mismatched = _walk(username)
    assert not mismatched, "\n".join(mismatched)
    assert len(compared) >= 40, compared
    assert any(p == "/" for p, _ in compared) or username != "wuwei_leader"


CODES = re.compile(r">[^<]*\b(term|cumulative|year:\d{4}|since:[\d-]+|self|tree)\b[^<]*<")


@pytest.mark.parametrize("username", ["wuwei_leader", "wuwei_staff"])
def test_figures_say_their_period_and_scope_in_words(shared_demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    home = client.get("/").content.decode()
    if username == "wuwei_leader":
        assert "本届以来" in home and "武威市（含县区）" in home
    for path in ["/opinions/figures/", "/activities/figures/", "/notices/figures/", "/supervision/"]:
        html = client.get(path).content.decode()
        assert "统计范围：" in html and "统计期间：" in html, path
        assert 'name="period" value=' not in html, f"{path}: a text box with a period code"
        visible = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
        assert not CODES.search(visible), f"{path}: {CODES.search(visible).group(0)}"
