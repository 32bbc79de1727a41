"""Rounding and placeholder rules of the summary generator, and period parsing (no database)."""

import datetime
from decimal import Decimal

import pytest

from lvzhi.core.errors import Invalid
from lvzhi.core.numerals import chinese
from lvzhi.core.periods import parse_period
from lvzhi.stats.summary import check_body, format_value


@pytest.mark.parametrize(
    ("value", "mode", "text"),
    [
        (40, "exact", "40"),
        (Decimal("91.69"), "exact", "91.69"),
        (Decimal("96.50"), "exact", "96.5"),
        (253, "余", "250余"),
        (124, "余", "120余"),
        (33, "余", "30余"),
        (1186, "余", "1100余"),
        (19_087, "余", "1.9万余"),
        (Decimal("263.8"), "余", "260余"),
        (2_601_234, "余", "260万余"),
        (183, "多", "180多"),
        (396, "近", "近400"),
        (97, "近", "近100"),
        (19_087, "近", "近2万"),
        (21_046, "万", "2.1万"),
        (19_038, "万", "1.9万"),
        (20_000, "万", "2万"),
        (9_999, "万", "9999"),
        (22, "中文", "二十二"),
        (105, "中文", "一百零五"),
        (None, "exact", "—"),
    ],
)
def test_it_writes_numbers_the_way_the_summaries_do(value, mode, text):
    assert format_value(value, mode) == text


def test_a_round_value_gets_no_suffix_since_there_is_nothing_above_or_below_it():
    assert format_value(250, "余") == "250"
    assert format_value(400, "近") == "400"


def test_small_values_are_written_exactly_whatever_the_mode():
    assert format_value(7, "余") == "7"
    assert format_value(7, "近") == "7"


def test_it_divides_and_keeps_the_digits_asked_for():
    assert format_value(9_169_000_000, "exact", div="亿", digits=2) == "91.69"
    assert format_value(2_638_000, "余", div="万") == "260余"


def test_chinese_numerals():
    assert [chinese(n) for n in (0, 10, 11, 20, 101, 1010, 12_000)] == [
        "零", "十", "十一", "二十", "一百零一", "一千零一十", "一万二千",
    ]  # fmt: skip


def test_it_reads_placeholders_with_their_options():
    (one, two) = check_body(
        "共{{ figure:activities.outcomes | scope=tree | period=since:2024-01-01 | round=余 | note=W3 协商成果 }}篇，"
        "{{figure:activities.party_speeches+opinions.party_reports}}篇"
    )
    assert one.keys == ("activities.outcomes",)
    assert (one.scope, one.period, one.round, one.note) == ("tree", "since:2024-01-01", "余", "W3 协商成果")
    assert two.keys == ("activities.party_speeches", "opinions.party_reports")
    assert (two.scope, two.period, two.round) == ("self", "", "exact")  # the figure's own period


@pytest.mark.parametrize(
    "body",
    [
        "{{ figure:activities.outcomes | scope=everywhere }}",
        "{{ figure:activities.outcomes | period=lastyear }}",
        "{{ figure:activities.outcomes | round=about }}",
        "{{ figure:activities.outcomes | colour=red }}",
        "{{ figure:Not A Key }}",
        "{{ figure:activities.outcomes | digits=9 }}",
        "共{{ figure:activities.outcomes 篇",
    ],
)
def test_it_refuses_a_malformed_placeholder_with_a_clear_message(body):
    with pytest.raises(Invalid) as caught:
        check_body(body)
    assert caught.value.errors["body"]


AS_OF = datetime.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("current", None, AS_OF),
        ("cumulative", None, AS_OF),
        ("term", datetime.date(2022, 1, 10), AS_OF),
        ("year", datetime.date(2024, 1, 1), AS_OF),
        ("year:2023", datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)),
        ("since:2024-01-01", datetime.date(2024, 1, 1), AS_OF),
        ("range:2024-03-01..2024-03-31", datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)),
    ],
)
def test_it_parses_every_period_relative_to_the_as_of_date(text, start, end):
    period = parse_period(text, as_of=AS_OF, term_start=datetime.date(2022, 1, 10))
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["yesterday", "year:abc", "since:2024-13-01", "range:2024-01-01", "range:a..b"])
def test_it_refuses_a_period_it_cannot_read(text):
    with pytest.raises(Invalid) as caught:
        parse_period(text, as_of=AS_OF)
    assert "period" in caught.value.errors
