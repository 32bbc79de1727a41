"""文史 records in the full-text search: each user finds exactly what the 文史 pages let them open."""

import datetime

import pytest

from lvzhi.search import selectors
from lvzhi.wenshi import services
from lvzhi.wenshi.factories import make_manuscript, make_volume

pytestmark = pytest.mark.django_db


def found(user, q):
    params = selectors.parse_params(user, {"q": q})
    results, _counts = selectors.search(user, params, limit=50)
    return {(r.kind, r.id) for r in results}


def test_the_office_finds_manuscripts_and_volumes_of_its_committee(world):
    assert ("wenshi.manuscript", world.manuscript.pk) in found(world.staff, "凉州会盟")
    assert ("wenshi.volume", world.volume.pk) in found(world.staff, "凉州文化专辑")


def test_a_member_finds_their_own_manuscript_but_not_anothers(world):
    assert ("wenshi.manuscript", world.manuscript.pk) in found(world.member, "凉州会盟")
    assert ("wenshi.manuscript", world.manuscript.pk) not in found(world.member2, "凉州会盟")


def test_a_member_finds_published_volumes_only(world):
    editing = make_volume(
        actor=world.staff, committee=world.p.wuwei, series=world.series, number=19, title="天梯山石窟专辑"
    )
    assert ("wenshi.volume", world.volume.pk) in found(world.member2, "凉州文化专辑")
    assert ("wenshi.volume", editing.pk) not in found(world.member2, "天梯山石窟")
    assert ("wenshi.volume", editing.pk) in found(world.staff, "天梯山石窟")


def test_a_pingliang_user_never_finds_wuwei_records(world):
    make_manuscript(actor=world.pingliang_member, title="崆峒山道教文化考", text="崆峒山的道观与碑刻。")
    wenshi = {"wenshi.manuscript", "wenshi.volume"}
    assert not {k for k, _ in found(world.other_staff, "凉州会盟 凉州文化专辑")} & wenshi
    assert not {k for k, _ in found(world.pingliang_member, "凉州")} & wenshi
    assert {k for k, _ in found(world.pingliang_member, "崆峒山")} == {"wenshi.manuscript"}


def test_a_unit_user_is_not_offered_wenshi_records(world):
    assert not found(world.p.unit_user, "凉州会盟")


def test_the_office_finds_collection_items_and_nobody_else_does(world):
    item = services.create_item(
        actor=world.staff,
        committee=world.p.wuwei,
        data={
            "kind": "photo",
            "title": "天梯山石窟旧照",
            "provenance": "武威市博物馆互赠",
            "location": "文史馆二号柜",
            "acquired_on": datetime.date(2024, 5, 8),
            "copies": 1,
        },
    )
    assert ("wenshi.item", item.pk) in found(world.staff, "天梯山 旧照")
    assert ("wenshi.item", item.pk) in found(world.staff, "博物馆")  # its provenance
    assert ("wenshi.item", item.pk) in found(world.staff, "二号柜")  # where it is kept
    assert ("wenshi.item", item.pk) not in found(world.other_staff, "天梯山")
    assert ("wenshi.item", item.pk) not in found(world.member, "天梯山")  # the register is the office's
    services.update_item(actor=world.staff, item=item, data={"title": "天梯山大佛旧照"})
    assert ("wenshi.item", item.pk) in found(world.staff, "大佛")
