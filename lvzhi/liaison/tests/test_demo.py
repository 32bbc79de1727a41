"""The demo: both cities have liaison records from the start of the term to today, coherent in time."""

import datetime

from django.utils import timezone

from lvzhi.core import registry
from lvzhi.core.periods import parse_period
from lvzhi.liaison.models import Assignment, Contact, Engagement, HostedVisit, PartyReport
from lvzhi.org.models import Committee


def _value(key, committee, text, as_of):
    return registry.figures()[key].compute([committee.pk], parse_period(text, as_of=as_of))


def test_the_demo_covers_both_cities_every_year_of_the_term(shared_demo):
    today = timezone.localdate()
    for code in ("620600", "620800"):
        city = Committee.objects.get(code=code)
        start = city.current_term(on=today).start_date
        for model in (Contact, Assignment, Engagement, HostedVisit, PartyReport):
            assert model.objects.filter(committee=city).exists(), (code, model)
        for year in range(start.year, min(today.year, 2026) + 1):
            end = min(datetime.date(year, 12, 31), today)
            assert _value("liaison.engagements", city, f"year:{year}", end) > 0, (code, year)
            assert _value("liaison.reports_sent", city, f"year:{year}", end) > 0, (code, year)
            assert 60 <= _value("liaison.coverage", city, f"year:{year}", end) <= 100, (code, year)
        assert not Engagement.objects.filter(committee=city, held_on__gt=today).exists()
        assert not Engagement.objects.filter(committee=city, held_on__lt=start - datetime.timedelta(days=1)).exists()


def test_the_demo_topics_fit_each_city(shared_demo):
    wuwei = HostedVisit.objects.filter(committee__code="620600").values_list("topic", flat=True)
    pingliang = HostedVisit.objects.filter(committee__code="620800").values_list("topic", flat=True)
    assert any("祁连山" in t for t in wuwei) and not any("祁连山" in t for t in pingliang)
    assert Engagement.objects.filter(committee__code="620600", title__contains="看新貌话成就聚合力促发展").exists()


def test_the_demo_reports_follow_their_workflow(shared_demo):
    for report in PartyReport.objects.all():
        if report.state == "draft":
            assert report.sent_on is None
        else:
            assert report.sent_on >= report.drafted_on
        if report.replied_on:
            assert report.replied_on >= report.sent_on and report.outcome
    assert PartyReport.objects.filter(state="sent").exists()
    assert any(r.is_overdue() for r in PartyReport.objects.filter(state="sent"))
