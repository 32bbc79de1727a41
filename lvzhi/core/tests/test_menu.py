"""The side menu: one collapsible section per module, the page's own section open; the counts of
pending work come from the registry's to-do kinds, fetched after the page has loaded (core:menu_counts)
in one query per kind that concerns the user, however many rows are pending."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.accounts.middleware import RENEWED_AT_KEY
from lvzhi.core import registry
from lvzhi.proposals.factories import ProposalWorld


def test_the_counts_are_the_to_do_counts_per_module_and_entry_in_a_constant_number_of_queries(personas, client):
    world = ProposalWorld(personas)
    world.submitted(title="待审查一")
    client.force_login(personas.staff)
    with CaptureQueriesContext(connection) as one:
        counts = client.get("/menu/counts/").json()
    assert counts["modules"]["proposals"] == counts["entries"]["proposals:review"] == 1
    assert counts["total"] == sum(g.count for g in registry.todos_for(personas.staff))
    for n in range(3):
        world.submitted(title=f"待审查{n}")
    with CaptureQueriesContext(connection) as four:
        counts = client.get("/menu/counts/").json()
    assert counts["entries"]["proposals:review"] == 4
    assert len(four) == len(one)
    kinds = sum(1 for kind in registry.todo_kinds() if kind.rows is None or kind.rows(personas.staff) is not None)
    assert len(one) <= 2 * kinds  # a count (or two) per kind that concerns the user, none per row


def test_a_page_pays_no_query_for_the_counts_and_opens_its_own_section(personas, client):
    client.force_login(personas.staff)
    html = client.get("/proposals/review/").content.decode()
    assert 'data-menu-counts="/menu/counts/"' in html
    section = re.search(r'<div class="sidemenu-section" data-menu-section="proposals"[^>]*>', html).group(0)
    assert "data-current" in section
    assert 'id="menu-proposals"' in html and 'class="collapse show" id="menu-proposals"' in html
    assert 'class="collapse " id="menu-activities"' in html
    assert 'data-menu-entry="proposals:review" hidden' in html  # filled in by the browser
    with CaptureQueriesContext(connection) as shell:
        client.get("/notifications/")
    counted = [q["sql"] for q in shell.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counted) <= 2  # the page's own counts (unread, its list), none per to-do kind


def test_the_counts_send_no_session_cookie_back(personas, client):
    client.force_login(personas.staff)
    session = client.session
    session[RENEWED_AT_KEY] = 0  # its last renewal long ago
    session.save()
    assert "sessionid" in client.get("/notifications/").cookies  # a page renews the idle timeout
    session = client.session
    session[RENEWED_AT_KEY] = 0  # its last renewal long ago: only a background read does not renew it
    session.save()
    assert "sessionid" not in client.get("/menu/counts/").cookies  # the background read does not


def test_an_anonymous_visitor_gets_no_counts(client, db):
    response = client.get("/menu/counts/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_menu_is_rendered_once_for_each_page_permissions_and_language_and_stays_right(personas, client):
    from django.test.signals import template_rendered

    from lvzhi.core import context_processors

    context_processors._RENDERED.clear()
    rendered = []

    def note(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        client.force_login(personas.staff)
        first = client.get("/proposals/review/").content.decode()
        again = client.get("/proposals/review/").content.decode()
        assert rendered.count("core/_side_menu.html") == 1
        other = client.get("/proposals/").content.decode()
        assert rendered.count("core/_side_menu.html") == 2  # another page: another entry is current
        client.force_login(personas.member)
        member = client.get("/proposals/review/")
        assert rendered.count("core/_side_menu.html") == 3  # other permissions: other entries
        client.force_login(personas.staff)
        client.post("/accounts/language/", {"language": "en", "next": "/"})
        english = client.get("/proposals/review/").content.decode()
    finally:
        template_rendered.disconnect(note)
    current = '<a class="nav-link active" href="/proposals/review/" aria-current="page">'
    assert current in first and current in again and current not in other
    assert '<a class="nav-link active" href="/proposals/" aria-current="page">' in other
    assert member.status_code in (200, 403) and 'href="/org/members/new/"' not in member.content.decode()
    assert "Proposals" in english and rendered.count("core/_side_menu.html") == 4
