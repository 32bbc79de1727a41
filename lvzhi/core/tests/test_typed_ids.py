"""An id typed into a query string or a form names a record or nothing — never a server error.

The class of defect: a filter took any string of digits as an id (`isdigit()`), so a number beyond
64 bits reached the database (SQLite: "Python int too large", PostgreSQL: "out of range") and a
superscript "²", which `isdigit()` takes and `int()` refuses, raised in the view — /org/units/?
committee=99999999999999999999 and /opinions/?party=… answered 500. Every such value is read through
`core.cleaning.as_id` now; the walk sends each role's list pages such values in every filter that
chooses among records (a <select> whose options are ids), one filter at a time, each given one of
the two values in turn."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from lvzhi.accounts.models import User
from lvzhi.core import registry
from lvzhi.core.cleaning import MAX_ID, as_id, id_or_name

HOSTILE = ("99999999999999999999", "²")
GET_FORM = re.compile(r"<form\b(?=[^>]*method=\"get\")[^>]*>(.*?)</form>", re.S | re.I)
SELECT = re.compile(r"<select\b[^>]*\bname=\"([^\"]+)\"[^>]*>(.*?)</select>", re.S)
ID_OPTION = re.compile(r"<option value=\"\d+\"")


def test_as_id_takes_ascii_digits_within_64_bits_and_nothing_else():
    assert as_id("42") == 42 and as_id(" 7 ") == 7 and as_id(9) == 9 and as_id(str(MAX_ID)) == MAX_ID
    for value in ("", None, "0", "-1", "²", "١٢", "1.5", "1e3", "12a", str(MAX_ID + 1), "9" * 40, True, 0, -5):
        assert as_id(value) is None, value
    assert id_or_name("party", "12") == {"party_id": 12}
    assert id_or_name("party", "99999999999999999999") == {"party_id": 0}  # names nothing
    assert id_or_name("party", "民盟") == {"party__name": "民盟"}
    assert id_or_name("party", "²") == {"party__name": "²"}


def test_no_code_reads_an_id_with_isdigit_alone():
    """`isdigit()` is true of "²" and "١٢": a test of digits is `as_id`, or `isascii() and isdigit()`."""
    found = []
    for path in sorted(Path(settings.BASE_DIR, "lvzhi").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ".isdigit()" in line and "isascii()" not in line:
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert found == []


def _id_filters(html: str) -> set[str]:
    """The names of the page's filters that choose among records (a GET form's <select> of ids)."""
    names = set()
    for form in GET_FORM.findall(html):
        for name, options in SELECT.findall(form):
            if ID_OPTION.search(options):
                names.add(name)
    return names


@pytest.mark.parametrize("username", ["wuwei_staff", "wuwei_member"])
def test_no_list_filter_answers_a_typed_id_with_a_server_error(shared_demo, username):
    client = Client(raise_request_exception=False)
    user = User.objects.get(username=username)
    client.force_login(user)
    pages = {reverse(e.url_name) for _m, entries in registry.menu_for(user) for e in entries}
    errors, tried = [], 0
    for path in sorted(pages):
        response = client.get(path, {"reset": 1}, follow=True)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        for name in sorted(_id_filters(response.content.decode())):
            value = HOSTILE[tried % len(HOSTILE)]  # each filter one of them, in turn: half the requests
            tried += 1
            answer = client.get(path, {name: value})
            if answer.status_code >= 500:
                errors.append(f"{path}?{name}={value}: {answer.status_code}")
    assert tried >= 10 if username == "wuwei_staff" else tried > 0, tried
    assert errors == []


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def test_no_route_answers_an_id_beyond_64_bits_in_its_address_with_a_server_error(shared_demo):
    """Django's lookups take such a number as matching nothing; a statement written by hand (the
    phone's check-in reads the activity and the member's attendance in one) must too."""
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="wuwei_member"))
    errors, tried = [], 0
    for route in _routes(get_resolver().url_patterns):
        if "<int:" not in route:
            continue
        path = "/" + re.sub(r"<[^>]+>", "x", re.sub(r"<int:\w+>", "99999999999999999999", route))
        tried += 1
        if client.get(path).status_code >= 500:
            errors.append(path)
    assert tried > 100 and errors == []


def test_a_form_given_an_id_beyond_64_bits_in_a_multiple_choice_refuses_it_and_writes_nothing(shared_demo):
    """Django's multiple choice reads the chosen ids with one `IN`: SQLite could not bind such a
    number (PostgreSQL compares it and finds nothing); both refuse the choice now, on the form."""
    from lvzhi.notices.models import Notice

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="wuwei_staff"))
    before = Notice.objects.count()
    response = client.post(
        "/notices/new/",
        {"title": "通知", "kind": "notice", "audience": "sectors", "sectors": ["99999999999999999999"]},
    )
    assert response.status_code == 200 and "99999999999999999999" in response.content.decode()  # named as invalid
    assert Notice.objects.count() == before


def test_a_hand_check_in_of_a_member_named_by_no_id_is_a_message(shared_demo):
    from lvzhi.activities.models import Activity, Attendance

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="wuwei_staff"))
    activity = Activity.objects.filter(committee__code="620600").order_by("-start").first()
    before = Attendance.objects.count()
    for value in ("²", "99999999999999999999", "abc"):
        response = client.post(f"/activities/{activity.pk}/checkin/manual/", {"member": value}, follow=True)
        assert response.status_code == 200, value
    assert Attendance.objects.count() == before


@pytest.mark.parametrize("target", ["home", "-1", "99999999999999999999", "//evil.example/", "https://evil.example/"])
def test_a_next_that_is_no_path_on_this_site_goes_home(shared_demo, target):
    """The language and scope switchers and the login page send the user back to `next`; a word there
    was taken for a view's name (a 500), another site is never followed."""
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="wuwei_staff"))
    for path, data in (("/accounts/language/", {"language": "zh-hans"}), ("/scope/", {"committee": ""})):
        response = client.post(path, {**data, "next": target})
        assert response.status_code == 302 and response["Location"] == "/", (path, response.status_code)
    response = client.post("/scope/", {"committee": "", "next": "/proposals/?page=2"})
    assert response["Location"] == "/proposals/?page=2"
