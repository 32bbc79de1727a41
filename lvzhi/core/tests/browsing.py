"""Helpers for the browser tests."""

import contextlib

from playwright.sync_api import TimeoutError as PlaywrightTimeout


def leave_as_user(page) -> None:
    """Before another user logs in on the same page: let what the page still has in flight be
    answered (the draft it saves, the menu's counts — a late answer would bring the previous user's
    session cookie back after the next login), leave the page, and drop the cookies. A page that
    polls is never idle: after five seconds it is left as it is."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=5000)
    page.goto("about:blank")
    page.context.clear_cookies()
