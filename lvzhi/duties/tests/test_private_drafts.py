"""Drafts are private (docs/security.md): a member's annual report (述职) is seen by the office and
the leaders only once submitted."""


def test_the_office_sees_an_annual_report_only_once_it_is_submitted(world, api):
    member = world.users[1]
    status, body = api(member, "post", "/annual-reports/", {"year": world.year, "text": "本年度履职情况……"})
    assert status == 201
    rid = body["id"]
    assert api(member, "get", f"/annual-reports/{rid}")[0] == 200
    assert api(world.staff, "get", f"/annual-reports/{rid}")[0] == 404
    assert rid not in [item["id"] for item in api(world.staff, "get", "/annual-reports/")[1]["items"]]
    api(member, "post", f"/annual-reports/{rid}/submit")
    assert api(world.staff, "get", f"/annual-reports/{rid}")[0] == 200
