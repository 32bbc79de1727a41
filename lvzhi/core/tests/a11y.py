"""Accessibility checks in a real browser: axe-core (node_modules/axe-core, from npm) is injected into
each page and run for WCAG 2 A and AA; serious and critical violations are returned, one line each,
naming the page, the rule and the first elements.

The pages: for a role, its home and the first page of every module section of its side menu (the
module's main page), read from the menu the page itself shows."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def axe_problems(page, path: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return [f"{path}: {line}" for line in page.evaluate(RUN_AXE)]


def module_main_pages(page) -> list[str]:
    """The home page and the first entry of each section of the side menu, as paths."""
    links = page.locator("[data-menu-section] .collapse a.nav-link")
    sections = {}
    for i in range(links.count()):
        link = links.nth(i)
        section = link.locator("xpath=ancestor::*[@data-menu-section][1]").get_attribute("data-menu-section")
        sections.setdefault(section, urlsplit(link.get_attribute("href")).path)
    return ["/", *sections.values()]


def log_in(context, base_url: str, username: str, password: str, code=None):
    """Through the login page; `code()` gives the one-time code of an administrator's second factor."""
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    if code is not None:
        page.wait_for_url("**/accounts/login/verify/")
        page.fill("input[name=code]", code())
        page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def walk(browser, base_url: str, username: str, password: str, viewport=None, code=None) -> list[str]:
    """Every serious or critical axe violation on the role's main pages."""
    context = browser.new_context(locale="zh-CN", viewport=viewport or {"width": 1280, "height": 800}, bypass_csp=True)
    try:
        page = log_in(context, base_url, username, password, code)
        page.goto(f"{base_url}/")
        problems = []
        for path in module_main_pages(page):
            response = page.goto(f"{base_url}{path}")
            if response.status != 200:
                problems.append(f"{path}: status {response.status}")
                continue
            page.wait_for_load_state("load")
            problems += axe_problems(page, path)
        return [f"{username} {p}" for p in problems]
    finally:
        context.close()
