"""The main flow of service to the people in a real browser: staff register a matter with the members
who do it, then mark it done; only then does 帮办实事 count it, and its records page opens it."""

import pytest

from lvzhi.supervision.models import ServiceItem

FIGURES = "/supervision/?scope=tree&period=cumulative"


def figure(page, live_server, key):
    page.goto(f"{live_server.url}{FIGURES}")
    return page.inner_text(f"[data-figure='supervision.{key}']").strip()


@pytest.mark.browser
def test_staff_register_a_matter_and_complete_it_and_the_figure_follows(world, page, login, live_server):
    login(world.staff)
    assert figure(page, live_server, "matters_done") == "0"
    page.goto(f"{live_server.url}/supervision/service/")
    page.click("[data-testid=create]")
    page.select_option("select[name=kind]", "matter")
    page.fill("input[name=title]", "协调解决东关街道老年人就医难")
    page.fill("input[name=place]", "凉州区东关街道")
    page.fill("input[name=requester]", "东关街道老年居民")
    page.select_option("select[name=members]", [str(world.m1.pk), str(world.m2.pk)])
    page.fill("input[name=raised_on]", "2024-06-03")
    page.click("[data-testid=save]")
    page.wait_for_url("**/supervision/service/*/")
    assert figure(page, live_server, "matters_done") == "0"  # open: not yet done
    page.go_back()
    page.fill(
        "[data-action=complete] textarea[name=result], [data-action=complete] input[name=result]", "已联系家庭医生上门"
    )
    page.fill("[data-action=complete] input[name=done_on]", "2024-06-10")
    page.click("[data-testid=do-complete]")
    page.wait_for_selector("[data-testid=state] >> text=已办结")
    assert ServiceItem.objects.get().state == "done"
    assert figure(page, live_server, "matters_done") == "1"
    page.click("[data-figure='supervision.matters_done']")
    page.wait_for_selector("text=协调解决东关街道老年人就医难")
