"""Masked personal information cannot be reversed: for every demo member, the ID numbers and
mobiles consistent with everything a user without `view_pii` sees of the person (the masked value,
the birth year and month, the gender, the committee and so the region) number at least
pii.MIN_CANDIDATES; the pages, the API and the export show no more than that; and every refused
unmasking, 403 or 404, is audited."""

import calendar
import datetime
import io
from collections import Counter

import pytest
from openpyxl import load_workbook

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.factories import make_user
from lvzhi.core import pii
from lvzhi.core.models import AuditEntry
from lvzhi.org import services
from lvzhi.org.choices import Gender
from lvzhi.org.models import Committee, Member
from lvzhi.org.tests.api_support import Api, session_client

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def _shown(masked: str) -> dict[int, str]:
    return {i: c for i, c in enumerate(masked) if c != "*"}


def id_candidates(masked: str, *, region: str, birth_month: str, gender: str) -> int:
    """How many valid 18-character ID numbers match the masked one and what else is known: the
    region code (assumed known exactly, the worst case), the birth year and month (any valid day of
    it), the gender (the parity of the 17th character) and the check digit GB 11643 derives."""
    if len(masked) != 18:
        return 0
    shown = _shown(masked)
    year, month = (int(part) for part in birth_month.split("-"))
    parity = {Gender.MALE: 1, Gender.FEMALE: 0}.get(gender)
    # The three sequence digits: how many fit the mask and the gender, by their weighted sum mod 11.
    by_remainder = Counter()
    for serial in range(1000):
        digits = f"{serial:03d}"
        if parity is not None and serial % 2 != parity:
            continue
        if any(shown.get(14 + i, d) != d for i, d in enumerate(digits)):
            continue
        by_remainder[sum(int(d) * w for d, w in zip(digits, _WEIGHTS[14:], strict=True)) % 11] += 1
    total = 0
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        first14 = f"{region}{year:04d}{month:02d}{day:02d}"
        if any(shown.get(i, c) != c for i, c in enumerate(first14)):
            continue
        partial = sum(int(c) * w for c, w in zip(first14, _WEIGHTS[:14], strict=True))
        for remainder, count in by_remainder.items():
            check = _CHECK[(partial + remainder) % 11]
            if shown.get(17, check) == check:
                total += count
    return total


def mobile_candidates(masked: str) -> int:
    """How many 11-digit mobiles match the masked one when, at worst, the first seven digits (the
    network and the area's number segment) are known from the region: the subscriber's last four
    digits that the mask hides."""
    if len(masked) != 11:
        return 0
    return 10 ** sum(1 for c in masked[7:] if c == "*")


def test_the_counting_finds_the_old_masks_reversible():
    """The counting is a real attack: the masks this platform used to show (region and last four;
    first three and last four) left a handful of candidates even with only the birth month known."""
    number = "620602196503151234"
    number = number[:17] + pii.id_check_digit(number[:17])
    old_id = number[:4] + "*" * 10 + number[-4:]
    assert id_candidates(old_id, region=number[:6], birth_month="1965-03", gender=Gender.MALE) == 4
    assert mobile_candidates("138****5678") == 1


@pytest.mark.django_db
def test_no_demo_member_can_be_unmasked_from_what_a_user_without_the_permission_sees(shared_demo):
    members = list(Member.objects.exclude(id_number_encrypted="").select_related("committee"))
    assert len(members) > 1000
    fewest_id = fewest_mobile = None
    for member in members:
        number = member.id_number
        region = number[:6]
        month = pii.birth_month(member.birth_date)
        count = id_candidates(member.id_number_masked, region=region, birth_month=month, gender=member.gender)
        # The clear value is among the candidates: the counting models what is really shown.
        assert pii.validate_id_number(number) == number and number.startswith(member.id_number_masked.rstrip("*"))
        assert count >= pii.MIN_CANDIDATES, (member.pk, member.id_number_masked, month, count)
        fewest_id = min(count, fewest_id or count)
        if member.mobile:
            assert member.mobile.startswith(member.mobile_masked.rstrip("*"))
            count = mobile_candidates(member.mobile_masked)
            assert count >= pii.MIN_CANDIDATES, (member.pk, member.mobile_masked)
            fewest_mobile = min(count, fewest_mobile or count)
    assert fewest_id >= 14_000 and fewest_mobile == 10_000


@pytest.mark.django_db
def test_pages_api_and_export_show_no_more_than_the_masks_and_the_birth_month(shared_demo):
    wuwei = Committee.objects.get(code="620600")
    staff = make_user(
        "staff_without_pii",
        roles=[Role.STAFF],
        committee=wuwei,
        scope_descendants=True,
        permissions=[Permission.MEMBERS],
    )
    member = Member.objects.filter(committee=wuwei).exclude(id_number_encrypted="").exclude(birth_date=None).first()
    full_birth, month = member.birth_date.isoformat(), pii.birth_month(member.birth_date)

    page = session_client(staff).get(f"/org/members/{member.pk}/").content.decode()
    assert member.id_number_masked in page and member.mobile_masked in page and month in page
    assert full_birth not in page and member.id_number not in page and member.mobile[-4:] not in page

    detail = Api(staff).get(f"/members/{member.pk}").json()
    assert detail["id_number_masked"] == member.id_number_masked
    assert (detail["birth_date"], detail["birth_month"]) == (None, month)
    listed = Api(staff).get("/members/", {"q": member.name, "page_size": 200}).json()["items"]
    assert listed and all(item["birth_date"] is None for item in listed)

    export = session_client(staff).get("/org/members/", {"q": member.name, "export": "xlsx", "status": "all"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert "出生年月" in header and "出生日期" not in header
    mine = [row for row in rows[1:] if row[header.index("身份证号")] == member.id_number_masked]
    assert mine and all(row[header.index("出生年月")] == month for row in mine)
    cells = {str(value) for row in rows for value in row if value is not None}
    assert not any(full_birth in value or member.id_number in value for value in cells)


@pytest.mark.django_db
def test_the_edit_form_keeps_the_birth_date_of_an_editor_without_the_permission(personas):
    person = personas.member_person
    before = datetime.date(1968, 7, 21)
    Member.objects.filter(pk=person.pk).update(birth_date=before)
    client = session_client(personas.staff)
    page = client.get(f"/org/members/{person.pk}/edit/").content.decode()
    assert before.isoformat() not in page and pii.birth_month(before) in page
    response = client.post(
        f"/org/members/{person.pk}/edit/",
        {"name": person.name, "gender": person.gender, "birth_date": "", "title": "新职务"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.birth_date, person.title) == (before, "新职务")


@pytest.mark.django_db
def test_a_refused_unmasking_is_audited_whether_403_or_404(personas):
    outside = personas.pingliang_person
    for route in ("page", "api"):
        before = AuditEntry.objects.filter(action="member.unmask", result="denied").count()
        if route == "page":
            hidden = session_client(personas.pii_staff).post(f"/org/members/{outside.pk}/reveal/")
            missing = session_client(personas.pii_staff).post("/org/members/999999/reveal/")
            refused = session_client(personas.staff).post(f"/org/members/{personas.member_person.pk}/reveal/")
        else:
            hidden = Api(personas.pii_staff).post(f"/members/{outside.pk}/reveal")
            missing = Api(personas.pii_staff).post("/members/999999/reveal")
            refused = Api(personas.staff).post(f"/members/{personas.member_person.pk}/reveal")
        assert (hidden.status_code, missing.status_code, refused.status_code) == (404, 404, 403)
        assert outside.id_number not in hidden.content.decode()
        denied = AuditEntry.objects.filter(action="member.unmask", result="denied").order_by("-id")[:3]
        assert AuditEntry.objects.filter(action="member.unmask", result="denied").count() == before + 3
        assert [(e.actor, e.object_id) for e in reversed(denied)] == [
            (personas.pii_staff, str(outside.pk)),
            (personas.pii_staff, ""),
            (personas.staff, str(personas.member_person.pk)),
        ]
    assert not AuditEntry.objects.filter(action="member.unmask", result="ok").exists()


def test_the_birth_month_is_the_year_and_month():
    assert pii.birth_month(datetime.date(1965, 3, 15)) == "1965-03" and pii.birth_month(None) == ""


@pytest.mark.django_db
def test_the_audit_log_keeps_the_birth_month_and_no_id_number(personas):
    person = personas.member_person
    services.update_member(actor=personas.staff, member=person, data={"birth_date": "1968-07-21", "title": "馆长"})
    entry = AuditEntry.objects.filter(action="member.update").latest("id")
    assert entry.after["birth_date"] == "1968-07" and "1968-07-21" not in str(entry.before) + str(entry.after)
    assert person.id_number not in str(entry.before) + str(entry.after)
