"""Helpers for the browser tests."""

import contextlib
import time

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


def question_asked(page, timeout: float = 10.0) -> str:
    """The last question the page asked (`window.confirm`, answered by the context's handler:
    conftest.answer_dialogs), waited for: on a busy machine the click's question reaches the test
    later than any fixed pause."""
    deadline = time.monotonic() + timeout
    while not page.context.dialogs and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert page.context.dialogs, f"the page asked nothing within {timeout} s"
    return page.context.dialogs[-1]
