"""Records that tell the truth: a typed sum shows each record's amount beside it and its total, with
an outlier review; definitions that hold for any date; summaries that name what the records hold,
warn about numbers typed into the text, and can be drafted from the records."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities import services as activity_services
from lvzhi.activities.choices import ActivityState, AttendanceState, OutcomeState
from lvzhi.activities.models import Activity, Attendance, Outcome
from lvzhi.core import registry
from lvzhi.core.errors import Invalid
from lvzhi.core.periods import parse_period
from lvzhi.duties.models import DutyEvent
from lvzhi.org.choices import PartyKind
from lvzhi.org.factories import make_member
from lvzhi.org.models import Committee, Party
from lvzhi.search.models import SearchEntry
from lvzhi.stats import drafts, selectors, services
from lvzhi.stats.models import SummaryTemplate
from lvzhi.stats.summary import render, typed_number_warnings
from lvzhi.supervision.factories import make_case

AS_OF = datetime.date(2024, 12, 31)


def held(committee, kind, day, people=0, **extra):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return Activity.objects.create(
        committee=committee,
        kind=kind,
        topic=extra.pop("topic", f"{kind}活动"),
        start=start,
        end=start + datetime.timedelta(hours=2),
        state=ActivityState.FINISHED,
        people_reached=people,
        **extra,
    )


# --- a typed sum: amounts, total, outliers, confirmation --------------------------------------------


@pytest.fixture
def reached(world):
    w = world.p.wuwei
    for i, people in enumerate([30, 45, 20, 9000]):
        held(w, "studio", datetime.date(2024, 3, 1 + i), people, topic=f"工作室活动{i}")
    return w


def test_the_records_of_people_reached_show_each_amount_and_the_total(world, reached, client):
    client.force_login(world.staff)
    url = "/stats/figures/activities.people_reached/?committee=620600&period=year:2024&as_of=2024-12-31"
    html = client.get(url).content.decode()
    assert 'data-testid="figure-value">9095<' in html
    assert 'data-testid="amount">9000<' in html and 'data-testid="amount">45<' in html
    assert 'data-testid="amount-total">9095<' in html
    assert 'data-testid="outliers"' in html
    export = client.get(url + "&format=xlsx")
    assert export.status_code == 200


def test_the_outlier_review_lists_the_records_carrying_most_of_the_sum(world, reached, client):
    client.force_login(world.staff)
    url = "/stats/figures/activities.people_reached/outliers/?committee=620600&period=year:2024&as_of=2024-12-31"
    html = client.get(url).content.decode()
    first = html.index('data-testid="amount">9000<')
    assert first < html.index('data-testid="amount">45<') < html.index('data-testid="amount">30<')
    assert "99.0%" in html  # 9000 of 9095
    assert client.get("/stats/figures/activities.all/outliers/?committee=620600").status_code == 422
    client.force_login(world.p.other_staff)
    assert client.get(url).status_code == 404


def test_the_outlier_review_query_count_does_not_grow_with_the_records(world, reached, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.staff)
    url = "/stats/figures/activities.people_reached/outliers/?committee=620600&period=year:2024&as_of=2024-12-31"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(30):
        held(world.p.wuwei, "studio", datetime.date(2024, 5, 1), 10 + i)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) <= len(few)


def test_the_suggestion_figures_count_suggestion_rows_and_list_each_one(world, client):
    activity = held(world.p.wuwei, "consultation", datetime.date(2024, 4, 1), subkind="双月")
    sent = Outcome.objects.create(
        committee=world.p.wuwei, activity=activity, title="关于文旅融合的建议", state=OutcomeState.SENT
    )
    draft = Outcome.objects.create(committee=world.p.wuwei, activity=activity, title="起草中的建议")
    activity_services.add_suggestions(actor=world.staff, outcome=sent, text="建议打造精品线路。\n建议完善交通接驳。")
    activity_services.add_suggestions(actor=world.staff, outcome=draft, text="尚未报送的建议。")
    figure = registry.figures()["activities.consultation_suggestions"]
    assert figure.amount == "" and figure.measure == "count"  # no typed number behind it
    assert selectors.evaluate(figure.key, world.p.wuwei, "self", "year:2024", AS_OF).value == 2
    client.force_login(world.staff)
    url = "/stats/figures/activities.consultation_suggestions/?committee=620600&period=year:2024&as_of=2024-12-31"
    html = client.get(url).content.decode()
    assert "建议打造精品线路。" in html and "建议完善交通接驳。" in html and "尚未报送的建议。" not in html


def test_an_implausible_number_of_people_reached_must_be_confirmed(world, api):
    data = {"kind": "studio", "topic": "送医下乡", "start": timezone.now(), "people_reached": 12000}
    with pytest.raises(Invalid) as exc:
        activity_services.create_activity(actor=world.staff, committee=world.p.wuwei, data=data)
    assert "请核实" in exc.value.errors["people_reached"][0]
    assert not Activity.objects.filter(topic="送医下乡").exists()
    activity = activity_services.create_activity(
        actor=world.staff, committee=world.p.wuwei, data={**data, "confirm_people": True}
    )
    assert activity.people_reached == 12000
    activity_services.update_activity(actor=world.staff, activity=activity, data={"topic": "送医下乡义诊"})
    body = {"committee": "620600", "kind": "studio", "topic": "法律咨询", "start": "2024-05-01T09:00:00+08:00"}
    status, error = api(world.staff, "post", "/activities/", {**body, "people_reached": 6000})
    assert status == 422 and "people_reached" in error["errors"]
    status, created = api(world.staff, "post", "/activities/", {**body, "people_reached": 6000, "confirm_people": True})
    assert status == 201 and created["people_reached"] == 6000


# --- definitions for any date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2023-06-30", 0), ("2023-12-31", 0), ("2024-03-01", 2), ("2024-12-31", 2), ("2026-01-31", 2)],
)
def test_since_2024_gives_that_dates_count_for_any_date(world, as_of, expected):
    """W4–W6 are "since 2024-01-01": before 2024 nothing has happened since, so they are 0, not an error."""
    make_case(world.staff, world.p.wuwei, [world.p.member_person, make_member(world.p.wuwei, "周敏")])
    day = datetime.date.fromisoformat(as_of)
    for key in ("supervision.mediators", "supervision.mediation_concluded", "supervision.mediation_successful"):
        result = selectors.evaluate(key, world.p.wuwei, "tree", "since:2024-01-01", day)
        assert result.value == (expected if key == "supervision.mediators" else 0), (key, as_of)
        assert selectors.records(result).count() == result.value
    with pytest.raises(Invalid):
        selectors.evaluate("supervision.mediators", world.p.wuwei, "tree", "range:2024-06-01..2024-01-01", AS_OF)


def test_the_records_page_of_a_period_not_yet_begun_is_empty_not_an_error(world, client):
    make_case(world.staff, world.p.wuwei, [world.p.member_person])
    client.force_login(world.staff)
    url = "/stats/figures/supervision.mediators/?committee=620600&scope=tree&period=since:2024-01-01&as_of=2023-06-30"
    response = client.get(url)
    assert response.status_code == 200 and 'data-testid="figure-value">0<' in response.content.decode()


@pytest.mark.parametrize("as_of", ["2024-06-30", "2024-12-31", "2025-12-31"])
def test_party_attendance_counts_trainings_but_not_studio_or_grassroots_work(world, as_of):
    """P22 "参加政协各类会议活动": every meeting and activity the committee holds, training included."""
    w = world.p.wuwei
    democratic = Party.objects.create(committee=w, name="九三学社", short_name="九三", kind=PartyKind.DEMOCRATIC)
    person = make_member(w, "钱学", party=democratic)
    cpc = make_member(w, "党员甲", party=Party.objects.create(committee=w, name="中国共产党", kind=PartyKind.CPC))
    for kind, day in [("training", "2024-04-01"), ("consultation", "2024-05-01"), ("studio", "2024-05-02"),
                      ("grassroots", "2024-05-03"), ("training", "2025-03-01")]:  # fmt: skip
        activity = held(w, kind, datetime.date.fromisoformat(day))
        for member in (person, cpc):
            Attendance.objects.create(committee=w, activity=activity, member=member, state=AttendanceState.PRESENT)
    expected = {"2024-06-30": 2, "2024-12-31": 2, "2025-12-31": 3}[as_of]
    day = datetime.date.fromisoformat(as_of)
    assert selectors.evaluate("activities.party_attendance", w, "self", "cumulative", day).value == expected


# --- summaries from records -------------------------------------------------------------------------


@pytest.fixture
def trainings(world):
    w = world.p.wuwei
    for partner in ["复旦大学", "浙江大学", "复旦大学", "兰州大学", "浙江大学", "复旦大学"]:
        held(w, "training", datetime.date(2024, 4, 1), partner=partner, topic=f"{partner}培训班")
    return w


def template(world, body):
    return SummaryTemplate.objects.create(committee=world.p.wuwei, slug="t", title="综述", body=body)


def test_a_names_placeholder_writes_the_names_the_records_hold_each_linked(world, trainings):
    body = "与{{ names:activities.training_partners | period=cumulative | top=2 }}等高校联合办班。"
    rendered = render(template(world, body), world.p.wuwei, AS_OF)
    assert rendered.text().splitlines()[-1] == "与复旦大学、浙江大学等高校联合办班。"
    html = str(rendered.html())
    assert html.count('class="summary-name"') == 2 and "name=%E5%A4%8D%E6%97%A6%E5%A4%A7%E5%AD%A6" in html
    quoted = render(template_with(world, "{{ names:activities.training_partners | period=cumulative | quote=《》 }}"),
                    world.p.wuwei, AS_OF)  # fmt: skip
    assert quoted.text().splitlines()[-1] == "《复旦大学》《浙江大学》《兰州大学》"


def template_with(world, body):
    return SummaryTemplate.objects.create(committee=world.p.wuwei, slug="q", title="综述", body=body)


def test_a_name_opens_just_its_records(world, trainings, client):
    client.force_login(world.staff)
    url = "/stats/figures/activities.training_partners/?committee=620600&period=cumulative&name=复旦大学"
    html = client.get(url).content.decode()
    assert html.count("复旦大学培训班") == 3 and "浙江大学培训班" not in html


def test_names_placeholders_are_checked_like_figures(world):
    with pytest.raises(Invalid) as exc:
        services.create_summary_template(
            actor=world.staff,
            committee=world.p.wuwei,
            data={"slug": "bad", "title": "t", "body": "{{ names:activities.all + activities.trainings | top=99 }}"},
        )
    assert len(exc.value.errors["body"]) == 2
    body = "{{ names:activities.all | period=cumulative }}"
    part = render(template(world, body), world.p.wuwei, AS_OF).filled[0]
    assert part.error and part.marker.startswith("【误：")  # the figure has no names


def more_trainings(world, n=6):
    for i in range(n):
        held(world.p.wuwei, "training", datetime.date(2024, 6, 1 + i), partner="兰州大学")


def test_a_number_typed_into_the_text_that_a_figure_gives_is_warned_about(world, trainings):
    more_trainings(world)  # 12 trainings (small numbers such as 3 match too many figures to warn)
    body = (
        "今年以来举办培训班12期，与3所高校联合办班，2024年以来成效明显；"
        "{{ figure:activities.trainings | period=cumulative }}期，约1.2万人次。"
    )
    warnings = typed_number_warnings(body, world.p.wuwei, AS_OF)
    assert len(warnings) == 1 and "“12期”" in warnings[0] and "等于" in warnings[0]
    assert typed_number_warnings("开展活动452次。", world.p.wuwei, AS_OF) == []


def test_the_edit_page_warns_after_saving_a_typed_figure(world, trainings, client):
    client.force_login(world.staff)
    more_trainings(world)
    t = template(world, "开头")
    response = client.post(
        f"/stats/summaries/{t.pk}/edit/", {"slug": "t", "title": "综述", "body": "举办培训班12期。"}, follow=True
    )
    assert "请改用占位符" in response.content.decode()


def lines_of_work_with_records(committee, year) -> dict[str, set[str]]:
    """The modules (by label) holding records of the committee and its lower committees dated in the
    year, with what shows it — found without the figures: the search index (every searchable record,
    by its date) and the duty ledger (every member's duty, by its date). A record belongs to the module
    whose figures count its model, else to the module named like its app: a module with records and
    no figure is a line of work the draft cannot write, and shows up here without a paragraph."""
    tree = list(Committee.objects.descendants_of(committee.pk, include_self=True).values_list("pk", flat=True))
    period = parse_period(f"year:{year}", as_of=datetime.date(year, 12, 31))
    owner, by_key = {}, {}
    for module in registry.modules():
        by_key[module.key] = module
        for figure in module.figures:
            try:
                owner.setdefault(figure.records(tree, period).model._meta.label, module)
            except Exception:  # noqa: BLE001 — a figure not defined for a year has no records to own
                continue
    found: dict[str, set[str]] = {}
    searchables = {s.kind: s for s in registry.searchables()}
    kinds = SearchEntry.objects.filter(committee_id__in=tree, year=year).values_list("kind", flat=True).distinct()
    for kind in kinds:
        model = searchables[kind].model if kind in searchables else kind
        module = owner.get(model) or by_key.get(kind.split(".")[0])
        found.setdefault(str(module.label) if module else kind, set()).add(kind)
    producers = {p.kind: m for m in registry.modules() for p in m.duty_producers}
    events = DutyEvent.objects.filter(committee_id__in=tree, year=year).values_list("kind", flat=True).distinct()
    for kind in events:
        module = producers.get(kind) or by_key.get(kind.split(".")[0])
        found.setdefault(str(module.label) if module else kind, set()).add(kind)
    return found


def assert_a_paragraph_per_line_of_work(committee, year, body):
    headings = {line[2:].strip() for line in body.splitlines() if line.startswith("# ")}
    missing = {label: kinds for label, kinds in lines_of_work_with_records(committee, year).items()
               if label not in headings}  # fmt: skip
    assert not missing, f"records in {year} but no paragraph: {missing}"


def test_a_draft_from_records_has_a_paragraph_per_line_of_work_with_records(world, trainings, client, api):
    make_case(world.staff, world.p.wuwei, [world.p.member_person])
    t = services.draft_summary_template(
        actor=world.staff, committee=world.p.wuwei, data={"period": "year:2024", "as_of": "2024-12-31"}
    )
    assert_a_paragraph_per_line_of_work(world.p.wuwei, 2024, t.body)
    assert "# 会议活动" in t.body or "# " in t.body
    assert "{{ figure:activities.trainings" in t.body and "{{ names:activities.training_partners" in t.body
    assert "{{ figure:supervision.mediation_cases" in t.body
    rendered = render(t, world.p.wuwei, AS_OF)
    assert not rendered.missing and "复旦大学" in rendered.text()
    only = services.draft_summary_template(
        actor=world.staff,
        committee=world.p.wuwei,
        data={"period": "year:2024", "as_of": "2024-12-31", "modules": ["supervision"]},  # fmt: skip
    )
    assert "activities." not in only.body and only.slug != t.slug
    with pytest.raises(Invalid) as exc:
        services.draft_summary_template(actor=world.staff, committee=world.p.wuwei, data={"modules": ["nothing"]})
    assert "modules" in exc.value.errors
    with pytest.raises(Invalid):
        services.draft_summary_template(
            actor=world.staff, committee=world.p.wuwei, data={"period": "year:2019", "as_of": "2019-12-31"}
        )
    client.force_login(world.staff)
    response = client.post(
        "/stats/summaries/draft/", {"committee": world.p.wuwei.pk, "period": "year:2024", "as_of": "2024-12-31"}
    )
    assert response.status_code == 302 and "/edit/" in response["Location"]
    status, body = api(world.staff, "post", "/summary-drafts/", {"committee": "620600", "period": "year:2024"})
    assert status == 201 and "{{ figure:" in body["body"]
    assert api(world.p.member, "post", "/summary-drafts/", {"committee": "620600"})[0] == 403


def test_the_draft_of_wuwei_2024_on_the_demo_covers_every_line_of_work_with_records(shared_demo, db):
    """武威's 2024 on the demo: proposals, activities, opinion reports, supervision, 文史, liaison, party
    building, regulations, duty records — every module whose records fall in 2024 has its paragraph."""
    wuwei = Committee.objects.get(code="620600")
    body = drafts.draft_body(wuwei, "year:2024", AS_OF)
    lines = lines_of_work_with_records(wuwei, 2024)
    for label in ("提案", "会议活动", "社情民意", "监督与服务发展", "机关党建", "联谊联络与请示报告"):
        assert label in lines, lines  # the demo has records of each of these in 2024
    assert_a_paragraph_per_line_of_work(wuwei, 2024, body)
