"""No developer codes on screen and no bare form controls: every role walks its menu's pages and a
couple of records opened from each, and the text a user reads (page text, titles, placeholders,
labels, option labels) holds no code — no figure key (`org.party_branches`), audit action
(`transition.accept`), template syntax (`{{`), scope code (self / tree) — and no doubled punctuation
("重试。；"); and every field, list and box of the page's content is drawn as the platform draws them
(Bootstrap's form-control, form-select, form-check-input), not as the browser's bare control next to
styled ones (the notice form's title, kind and body were).

Walks the demo data (`shared_demo`) with the Django test client; a failure names the page and the
codes or controls."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.accounts.models import User
from lvzhi.core import registry

PATTERNS = [
    re.compile(r"(?<![\w./@:-])[a-z][a-z_]*\.[a-z_]*[a-z](?![\w/.@-])"),  # org.party_branches, transition.accept
    re.compile(r"transition\."),
    re.compile(r"\{\{|\{%"),
    re.compile(r"(?<![\w-])(self|tree)(?![\w-])"),
    re.compile(r"(?<![\w-])(?:year|since|range)(?::\d|(?![\w-]))"),  # a period's code: year:2026, year
    re.compile(r"[。；，：][。；，]"),
]
DETAIL = re.compile(r'href="(/[a-z]+/(?:[a-z-]+/)?\d+/)"')
DETAILS_PER_PAGE = 2


class _Visible(HTMLParser):
    """What a user reads: text outside script/style, and the titles, placeholders and labels."""

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


STYLED = {"form-control", "form-select", "form-check-input", "btn-check", "form-range"}
NOT_DRAWN = {"hidden", "submit", "button", "reset", "image"}


class _Controls(HTMLParser):
    """The form controls of the page's <main> (outside <noscript>) that carry none of the classes
    the platform draws its controls with."""

    def __init__(self):
        super().__init__()
        self.main = self.noscript = 0
        self.bare: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("main", "noscript"):
            setattr(self, tag, getattr(self, tag) + 1)
        if tag not in ("input", "select", "textarea") or not self.main or self.noscript:
            return
        named = dict(attrs)
        if tag == "input" and named.get("type", "text") in NOT_DRAWN or "hidden" in named:
            return
        if not STYLED & set((named.get("class") or "").split()):
            self.bare.append(f"<{tag} name={named.get('name')}>")

    def handle_endtag(self, tag):
        if tag in ("main", "noscript"):
            setattr(self, tag, getattr(self, tag) - 1)


def bare_controls(html: str) -> list[str]:
    parser = _Controls()
    parser.feed(html)
    return parser.bare


def codes_in(text: str) -> set[str]:
    return {m.group(0) for pattern in PATTERNS for m in pattern.finditer(text)}


def _walk(username: str) -> tuple[int, list[str]]:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    queue = ["/"] + [reverse(e.url_name) for _m, entries in registry.menu_for(user) for e in entries]
    seen, problems, pages = set(), [], 0
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        if url.count("/") <= 3:  # a menu page: open a couple of its records too
            queue += [d for d in DETAIL.findall(html)[:DETAILS_PER_PAGE] if d not in seen]
        found = codes_in(visible_text(html))
        if found:
            problems.append(f"{username} {url}: {sorted(found)[:6]}")
        bare = bare_controls(html)
        if bare:
            problems.append(f"{username} {url}: controls without the platform's style: {bare[:6]}")
    return pages, problems


def test_the_pattern_catches_what_the_issue_saw():
    text = visible_text(
        '<p>org.party_branches</p><td>transition.accept</td><input placeholder="{{ figure:x }}"><i title="tree">'
        '<p>请检查后重试。；</p><input placeholder="year:2026">'
    )
    assert codes_in(text) >= {"org.party_branches", "transition.accept", "{{", "tree", "。；", "year:2"}
    assert not codes_in(visible_text("<p>本届以来 · 武威市（含县区）</p><script>a.b = c.d</script>"))


def test_a_bare_control_is_found_and_a_drawn_one_is_not():
    html = (
        '<input name="q" class="form-control"><main><input name="title"><select name="kind"></select>'
        '<textarea name="body" class="form-control"></textarea>'
        '<input type="checkbox" name="top" class="form-check-input">'
        '<input type="hidden" name="x"><button>保存</button><noscript><input name="names"></noscript></main>'
    )
    assert bare_controls(html) == ["<input name=title>", "<select name=kind>"]


@pytest.mark.parametrize("username", ["wuwei_staff", "wuwei_leader", "wuwei_member", "wuwei_unit", "auditor"])
def test_no_codes_or_bare_controls_on_the_pages_of_each_role(shared_demo, username):
    pages, problems = _walk(username)
    assert pages >= 2, pages  # the auditor has the home page and the audit log
    assert not problems, "\n".join(problems)
