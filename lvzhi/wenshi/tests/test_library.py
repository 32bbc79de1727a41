"""Publications, the docx of a volume's front matter and contents, the figures and the records behind
them (period boundaries included), and the demo as the committees' summaries describe it."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document

from lvzhi.core import registry
from lvzhi.core.errors import Invalid
from lvzhi.core.periods import parse_period
from lvzhi.org.factories import make_member
from lvzhi.wenshi import demo, services
from lvzhi.wenshi.documents import volume_front_matter
from lvzhi.wenshi.factories import make_adopted, make_manuscript
from lvzhi.wenshi.models import Manuscript, Volume

pytestmark = pytest.mark.django_db


def test_only_adopted_manuscripts_enter_the_contents_in_order(world):
    with pytest.raises(Invalid) as refused:
        services.add_volume_entry(actor=world.staff, volume=world.volume, data={"manuscript": world.manuscript.pk})
    assert refused.value.errors["manuscript"] == ["只有已采用的稿件可以编入目录。"]
    a = make_adopted(actor=world.staff, author=world.member, title="凉州会盟")
    b = make_adopted(actor=world.staff, author=world.member2, title="西夏碑发现始末")
    services.add_volume_entry(actor=world.staff, volume=world.volume, data={"manuscript": a.pk, "section": "凉州文化"})
    services.add_volume_entry(actor=world.staff, volume=world.volume, data={"manuscript": b.pk, "position": 1})
    assert [e.manuscript.title for e in world.volume.entries.order_by("position")] == ["西夏碑发现始末", "凉州会盟"]


def test_the_docx_has_the_front_matter_and_the_table_of_contents(world):
    a = make_adopted(actor=world.staff, author=world.member, title="凉州会盟的历史意义")
    services.add_volume_entry(actor=world.staff, volume=world.volume, data={"manuscript": a.pk, "section": "凉州文化"})
    doc = Document(io.BytesIO(volume_front_matter(world.volume, actor=world.staff)))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "武威文史" and "第十八辑" in text and "凉州文化专辑" in text
    assert any("内部资料准印证号：甘内准字（2024）第0616号" in t for t in text)
    assert text.index("目录") < text.index("凉州文化") < text.index("凉州会盟的历史意义\u3000\u3000李明")


def test_a_volume_in_a_series_needs_its_number_once(world):
    with pytest.raises(Invalid) as refused:
        services.create_volume(
            actor=world.staff, committee=world.p.wuwei, data={"kind": "volume", "series": world.series.pk, "number": 18}
        )
    assert "number" in refused.value.errors
    assert Volume.objects.count() == 1


def test_each_figure_counts_its_records_within_the_period(world):
    figures = registry.figures()
    year = parse_period("year:2024")
    make_manuscript(actor=world.member, kind="clue", title="老照片线索")
    m = make_adopted(actor=world.staff, author=world.member)
    ids = {world.p.wuwei.pk}
    today = datetime.date.today()
    this_year = parse_period(f"year:{today.year}")
    assert figures["wenshi.clues"].compute(ids, this_year) == 1
    assert figures["wenshi.adopted"].compute(ids, this_year) == 1
    assert list(figures["wenshi.adopted"].records(ids, this_year)) == [m]
    assert figures["wenshi.volumes"].compute(ids, year) == 1
    assert figures["wenshi.volumes"].compute(ids, parse_period("year:2023")) == 0
    services.record_circulation(
        actor=world.staff,
        committee=world.p.wuwei,
        data={
            "kind": "gift",
            "volume": world.volume.pk,
            "counterpart": "武威市图书馆",
            "happened_on": "2024-12-31",
            "copies": 20,
        },
    )
    services.record_circulation(
        actor=world.staff,
        committee=world.p.wuwei,
        data={
            "kind": "loan",
            "volume": world.volume.pk,
            "counterpart": "张老师",
            "happened_on": "2024-12-01",
            "due_on": "2024-12-20",
        },
    )
    services.record_circulation(
        actor=world.staff,
        committee=world.p.wuwei,
        data={
            "kind": "exchange",
            "volume": world.volume.pk,
            "counterpart": "宝鸡市政协",
            "happened_on": "2025-01-01",
            "received": "《宝鸡文史资料》",
        },
    )
    assert figures["wenshi.exchanged"].compute(ids, year) == 20  # the loan is not counted, 2025 is outside
    assert figures["wenshi.exchanged"].records(ids, year).count() == 1
    assert figures["wenshi.exchanged"].compute({world.p.pingliang.pk}, year) == 0


def test_the_demo_gives_both_committees_the_work_their_summaries_describe(personas):
    for i in range(12):
        make_member(personas.wuwei, f"武威委员{i}")
        make_member(personas.pingliang, f"平凉委员{i}")
    demo.load()
    titles = {str(v) for v in Volume.objects.filter(published_on__year=2024)}
    assert "《武威文史》第18辑：凉州文化专辑" in titles and "《人文武威》第6辑" in titles
    assert "《静宁苹果产业链建设资料辑录》" in titles
    annals = Volume.objects.get(title="史志平凉资料辑录")  # edited in 2024, published in 2025
    assert annals.entries.count() == 4
    assert annals.published_on is None or annals.published_on.year == 2025
    figures = registry.figures()
    year = parse_period("year:2024")
    assert figures["wenshi.volumes"].compute({personas.wuwei.pk}, year) == 2
    assert figures["wenshi.volumes"].compute({personas.pingliang.pk}, year) == 1
    assert figures["wenshi.exchanged"].compute({personas.wuwei.pk}, year) == 5 * 2 + 20
    from_plan = registry.figures()["wenshi.clues"].compute({personas.pingliang.pk}, year)
    assert from_plan == len(demo.CLUES)


def test_the_demo_gives_each_year_of_the_term_its_work_and_keeps_the_2024_names(personas):
    for i in range(12):
        make_member(personas.wuwei, f"武威委员{i}")
        make_member(personas.pingliang, f"平凉委员{i}")
    demo.load()
    last = timezone.localdate() - datetime.timedelta(days=1)
    for committee in (personas.wuwei, personas.pingliang):
        mine = Manuscript.objects.filter(committee=committee)
        for year in range(2022, (last - datetime.timedelta(days=30)).year + 1):
            assert mine.filter(submitted_on__year=year).exists(), (committee, year)
        assert not mine.filter(submitted_on__gt=last).exists()
        newest = mine.order_by("-submitted_on").first()
        assert newest.state in ("submitted", "reviewing")  # the newest still in review
        assert mine.filter(submitted_on__year=2023, state="adopted").exists()
    volumes = Volume.objects.filter(committee=personas.wuwei, published_on__isnull=False)
    assert not Volume.objects.filter(published_on__gt=last).exists()
    for year in (2022, 2023, 2025):
        published = volumes.filter(published_on__year=year)
        assert sorted(v.series.name for v in published) == ["人文武威", "武威文史"], year
        assert all(v.entries.exists() for v in published)
    # as of 2024-12-31 the term's publications are named as the summaries name them
    wenshi = registry.figures()["wenshi.volumes"]
    term = parse_period("term", as_of=datetime.date(2024, 12, 31), term_start=datetime.date(2022, 1, 1))
    names = {
        c: set(wenshi.records({c.pk}, term).values_list("series__name", "title"))
        for c in (personas.wuwei, personas.pingliang)
    }
    assert {n for n, _t in names[personas.wuwei]} == {"人文武威", "武威文史"}
    assert names[personas.pingliang] == {(None, "静宁苹果产业链建设资料辑录")}
