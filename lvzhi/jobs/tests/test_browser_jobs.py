"""A large export in a real browser, with the real worker: the list's export link leads to the
job's page, whose progress bar follows the job (htmx polling) until the download button appears,
and the download is the list's xlsx — at desktop (1280×800) and phone (390×844) width."""

import pytest
from playwright.sync_api import expect

from lvzhi.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_a_large_export_shows_its_progress_and_offers_the_file_when_ready(
    page, login, live_server, personas, worker, settings, size
):
    settings.EXPORT_BACKGROUND_ROWS = 1  # the office's two members make a "large" export here
    page.set_viewport_size({"width": size[0], "height": size[1]})
    login(personas.staff)
    page.goto(f"{live_server.url}/org/members/?export=xlsx")
    job = Job.objects.get(owner=personas.staff)
    page.wait_for_url(f"**/jobs/{job.pk}/")
    expect(page.locator("[data-testid=job-progress]")).to_be_visible()
    button = page.locator("[data-testid=job-file]")
    expect(button).to_be_visible(timeout=90_000)  # no reload: the status polls itself
    expect(page.locator("[data-testid=job-state]")).to_have_text("已完成")
    expect(page.locator("[data-testid=job-progress]")).to_have_attribute("value", "100")
    width = page.locator("body").evaluate("body => body.scrollWidth")
    assert width <= size[0]
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(".xlsx")
