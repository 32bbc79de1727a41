"""The Content-Security-Policy holds in a real browser: every main page of every role sends the
header, and Chromium reports no violation of it (no inline script, handler or style, nothing from
another host, no eval) and no script error while the page loads, draws its charts and shows a
chart's tooltip.

The production server (gunicorn with ./gunicorn.conf.py, as ./run starts it) sends the same headers
and names no version of itself.

The demo data is loaded and committed (a live server sees only committed rows), then each persona
logs in and walks its pages; the violations Chromium reports (the `securitypolicyviolation` event
and its console messages) are collected per page, so a failure names the page and the directive.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from lvzhi.accounts.models import User
from lvzhi.learning.models import StudyMaterial
from lvzhi.notices.models import Notice
from lvzhi.org.demo_accounts import DEMO_PASSWORD
from lvzhi.proposals.choices import ProposalState
from lvzhi.proposals.models import Proposal

# Installed before any script of the page runs (Playwright's init scripts are outside the page's CSP).
WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var where = (e.sourceFile || "") + ":" + e.lineNumber;
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + where);
});
"""


class Walk:
    """One persona's browser context; `visit` opens a page and records what went wrong on it."""

    def __init__(self, browser, live_server, username, viewport):
        self.live_server = live_server
        self.context = browser.new_context(locale="zh-CN", viewport=viewport)
        self.context.add_init_script(WATCH_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30000)
        self.problems: list[str] = []
        self.current = ""
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.current}: script error {error}"))
        self.page.goto(f"{live_server.url}/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"{self.current}: console {message.type}: {message.text}")

    def visit(self, path: str, *, charts: int = 0) -> None:
        self.current = path
        response = self.page.goto(f"{self.live_server.url}{path}")
        assert response.status == 200, f"{path}: {response.status}"
        policy = response.headers.get("content-security-policy", "")
        for directive in ("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
            assert directive in policy, f"{path}: {directive!r} missing from {policy!r}"
        self.page.wait_for_load_state("load")
        if charts:
            self.page.wait_for_selector("[data-chart][data-drawn]")
            drawn = self.page.locator("[data-chart][data-drawn]")
            assert drawn.count() >= charts, f"{path}: {drawn.count()} charts drawn"
            box = drawn.first.bounding_box()
            self.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6)  # its tooltip
            self.page.wait_for_timeout(0)
        self.problems += [f"{path}: CSP {v}" for v in self.page.evaluate("window.__csp")]

    def close(self):
        self.context.close()


@pytest.fixture
def demo(loaded_demo):
    """The demo as `manage.py demo` leaves it (conftest.py)."""


@pytest.mark.browser
def test_no_main_page_of_any_role_violates_the_content_security_policy(demo, browser, live_server):
    staff = User.objects.get(username="wuwei_staff")
    member = User.objects.get(username="wuwei_member")
    proposal = Proposal.objects.visible_to(staff).exclude(state=ProposalState.DRAFT).order_by("pk").first()
    material = StudyMaterial.objects.visible_to(member).order_by("pk").first()
    notice = Notice.objects.addressed_to(member).order_by("pk").first()
    assert proposal and material and notice, "the demo has a proposal, a study material and a notice"
    desktop = {"width": 1280, "height": 800}
    phone = {"width": 390, "height": 844}
    walks = [
        (
            "wuwei_staff",
            desktop,
            [
                ("/", 0),
                (f"/proposals/{proposal.pk}/", 0),
                ("/supervision/mediation/new/", 0),
                ("/activities/dashboard/", 1),
                ("/notices/manage/", 0),
            ],
        ),
        (
            "wuwei_member",
            phone,
            [
                ("/", 0),
                ("/opinions/new/", 0),
                ("/notices/", 0),
                (f"/notices/{notice.pk}/", 0),
                (f"/learning/{material.pk}/", 0),
            ],
        ),
        ("wuwei_leader", desktop, [("/", 0), ("/stats/", 1), ("/stats/screen/", 1)]),
    ]
    problems = []
    for username, viewport, pages in walks:
        walk = Walk(browser, live_server, username, viewport)
        try:
            for path, charts in pages:
                walk.visit(path, charts=charts)
        finally:
            walk.close()
        problems += [f"{username} {p}" for p in walk.problems]
    assert problems == []


def test_the_production_server_sends_the_security_headers_and_no_version(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "LVZHI_VAR_DIR": str(tmp_path), "LVZHI_PORT": str(port), "LVZHI_WORKERS": "1"}
    env["LVZHI_PLAIN_STATIC"] = "1"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "lvzhi.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        headers = response.headers
        assert headers["Server"] == "gunicorn"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "camera=(self)" in headers["Permissions-Policy"]
        assert "microphone=()" in headers["Permissions-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
    finally:
        server.terminate()
        server.wait(timeout=30)
