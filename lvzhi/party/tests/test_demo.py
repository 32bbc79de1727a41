"""The demo's party building: W1 and W2 exact as of 2024-12-31 and different on other days, the
records behind the party figures, coverage with someone to list, and the duty ledger agreeing."""

import datetime

import pytest

from lvzhi.core import registry
from lvzhi.core.periods import parse_period
from lvzhi.duties.models import DutyEvent
from lvzhi.org.models import Committee
from lvzhi.party import demo as party_demo
from lvzhi.party.models import BranchMembership, Contact, CoveragePair, PartyMeeting, Talk
from lvzhi.party.selectors import coverage


@pytest.fixture
def cities(shared_demo, db):
    return {c.code: c for c in Committee.objects.filter(code__in=["620600", "620800"])}


def figure(key, committee, text="current", as_of=datetime.date(2024, 12, 31)):
    return registry.figures()[key].compute([committee.pk], parse_period(text, as_of=as_of))


def test_branches_and_groups_change_with_the_as_of_date(cities):
    wuwei = cities["620600"]
    assert figure("org.party_branches", wuwei) == 4  # W1
    assert figure("org.party_groups", wuwei) == 9  # W2
    # before the spring 2023 reorganisation: the one office branch (with two groups) and the retirees'
    assert figure("org.party_branches", wuwei, as_of=datetime.date(2023, 3, 1)) == 2
    assert figure("org.party_groups", wuwei, as_of=datetime.date(2023, 3, 1)) == 4
    # the research group merged into the office's second group on 2025-06-30
    assert figure("org.party_groups", wuwei, as_of=datetime.date(2025, 6, 29)) == 9
    assert figure("org.party_groups", wuwei, as_of=datetime.date(2025, 6, 30)) == 8


def test_the_demo_holds_party_life_in_its_rhythm_and_talks_and_pairs(cities):
    for committee in cities.values():
        assert figure("party.branch_members", committee) > 20
        year = figure("party.meetings_committee", committee, "year:2024")
        branches = figure("org.party_branches", committee)
        assert year == 12 * branches  # a branch committee meeting every month
        assert figure("party.meetings_life", committee, "year:2024") == branches
        assert figure("party.talks", committee, "year:2024") >= 12
        assert figure("party.pairs", committee) > 10
        assert 80 <= figure("party.coverage", committee, "year:2024") < 100
        assert figure("party.meetings", committee, "year:2026", as_of=datetime.date.today()) > 0
    wuwei = cities["620600"]
    lines = coverage({wuwei.pk}, parse_period("year:2024", as_of=datetime.date(2024, 12, 31)))
    assert any(line.uncovered for line in lines)


def test_every_attendee_was_in_the_branch_on_the_day(cities):
    through = PartyMeeting.attendees.through.objects.select_related("partymeeting", "branchmembership")
    for row in through.filter(partymeeting__committee__code="620600")[:3000]:
        member, meeting = row.branchmembership, row.partymeeting
        assert member.joined_on <= meeting.held_on and (member.left_on is None or member.left_on > meeting.held_on)
    assert BranchMembership.objects.filter(committee__code="620600", left_on__isnull=False).exists()


def test_the_ledger_credits_each_contact_to_its_contactor(cities):
    contacts = Contact.objects.filter(committee__code="620600")
    events = DutyEvent.objects.filter(kind="party.contact", committee__code="620600")
    assert events.count() == contacts.count() > 0
    contact = contacts.select_related("pair").first()
    assert events.get(source_id=contact.pk).member_id == contact.pair.contactor_id


def _party_before_2025() -> list:
    """What the party demo holds dated before 2025, by content (ids differ between loads)."""
    first = datetime.date(2025, 1, 1)
    meetings = sorted(
        (m.committee_id, m.branch.name, m.kind, m.held_on, m.topic, m.place, m.minutes, m.attendees.count())
        for m in PartyMeeting.objects.filter(held_on__lt=first).select_related("branch")
    )
    talks = sorted(
        Talk.objects.filter(talked_on__lt=first).values_list(
            "committee_id", "talked_on", "talker", "talkee", "topic", "confidential_note"
        )
    )
    contacts = sorted(
        Contact.objects.filter(contacted_on__lt=first).values_list(
            "committee_id", "pair__contactor_id", "pair__contacted_id", "contacted_on", "way", "content"
        )
    )
    assert CoveragePair.objects.exists()
    return [meetings, talks, contacts]


def _reload_party(today):
    Contact.objects.all().delete()
    CoveragePair.objects.all().delete()
    PartyMeeting.attendees.through.objects.all().delete()
    PartyMeeting.objects.all().delete()
    Talk.objects.all().delete()
    BranchMembership.objects.all().delete()
    party_demo.load(today=today)


def test_what_is_dated_before_2025_does_not_depend_on_the_load_day(cities):
    """Each month of each branch, each month's talks and each pair's year draw from a generator of
    their own: a load a year and a half later brings more months, not other 2024 records."""
    _reload_party(datetime.date(2025, 6, 15))
    early = _party_before_2025()
    _reload_party(datetime.date(2026, 11, 28))
    late = _party_before_2025()
    assert all(early) and early == late
