"""The learning corner's earlier term (part of the learning demo): from the start of the current term
(2022) to where `demo.py`'s year before the load begins, the office pushes a material a month, now
and then two (the 第一议题 ones required, with a month to study them; one or two a year reach the
county committees too), the members study them at the same rates as in the newest year (50–85 % of
a required material's audience, 8–30 % of an optional one's) and a few write a reflection (学习心得).

Each month draws from its own generator, seeded with the committee and the month, and nothing of a
month depends on the day of the load but whether it comes before the newest year (so no record before
2025 does). Written in bulk, with the publish and submit transitions dated with the events; the
newest year (and so the member's path of the demo) is as `demo.py` writes it."""

import contextlib
import datetime
import random

from django.utils import timezone

from lvzhi.core import demo_bulk
from lvzhi.core.models import Transition
from lvzhi.learning.choices import MaterialKind, MaterialState, ReflectionState
from lvzhi.learning.models import Reflection, StudyMaterial, StudyRecord

# what each year of the term studied first (第一议题), besides demo.py's titles
EARLIER = {
    2022: ["学习贯彻党的二十大精神", "习近平总书记在中央政协工作会议上的重要讲话", "全国两会精神传达提纲"],
    2023: [
        "学习贯彻习近平新时代中国特色社会主义思想主题教育学习材料",
        "习近平总书记关于调查研究的重要论述",
        "全国政协十四届一次会议精神",
    ],
    2024: ["党纪学习教育学习材料", "学习贯彻党的二十届三中全会精神", "习近平总书记视察甘肃重要讲话和重要指示精神"],
}
HOURS = datetime.timedelta(hours=1)


@contextlib.contextmanager
def _dated(model):
    """Let bulk_create keep the demo's dates in the model's created_at and updated_at."""
    fields = [model._meta.get_field(f) for f in ("created_at", "updated_at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _at(day, rng):
    tz = timezone.get_default_timezone()
    return datetime.datetime.combine(day, datetime.time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=tz)


def publish_step(material, committee, staff, content_types) -> Transition:
    """The publish step of a material's timeline, dated when it was published."""
    return Transition(
        content_type=content_types["material"],
        object_id=material.pk,
        committee=committee,
        action="publish",
        from_state=MaterialState.DRAFT,
        to_state=MaterialState.PUBLISHED,
        actor=staff,
        at=material.published_at,
    )


def submit_steps(reflections, content_types) -> list[Transition]:
    """The submit steps of the submitted reflections' timelines, dated when each was submitted."""
    return [
        Transition(
            content_type=content_types["reflection"],
            object_id=r.pk,
            committee_id=r.committee_id,
            action="submit",
            from_state=ReflectionState.DRAFT,
            to_state=ReflectionState.SUBMITTED,
            at=r.submitted_at,
        )
        for r in reflections
        if r.state == ReflectionState.SUBMITTED
    ]


def months(first: datetime.date, before: datetime.date):
    y, m = first.year, first.month
    while datetime.date(y, m, 1) < before:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def load(committee, staff, own, seats, first, before, topics, titles, reflections_text, content_types) -> dict:
    """`own`/`seats`: (member, committee, sector) of the city's members and of the whole tree; `first`
    the term's first day, `before` the newest year's first; `topics` name → Topic; `titles` topic →
    titles (demo.py's)."""
    own, seats = sorted(own), sorted(seats)
    materials, plans = [], []
    for year, month in months(first, before):
        rng = random.Random(f"learning-{committee.code}-{year}-{month:02d}")
        for n in range(rng.choice([1, 1, 1, 2])):
            day = datetime.date(year, month, 1) + datetime.timedelta(days=3 + 13 * n + rng.randint(0, 10))
            if day < first or day >= before:
                continue
            topic = "第一议题" if n == 0 and rng.random() < 0.6 else rng.choice(list(titles))
            pool = titles[topic] + (EARLIER.get(year, []) if topic == "第一议题" else [])
            title = rng.choice(pool)
            required = topic == "第一议题"
            lower = required and topic == "第一议题" and rng.random() < 0.06
            published = _at(day, rng)
            materials.append(
                StudyMaterial(
                    committee=committee,
                    include_lower=lower,
                    title=title,
                    kind=MaterialKind.ARTICLE if rng.random() < 0.75 else MaterialKind.DOCUMENT,
                    body=f"<p>为深入学习{title}，现将学习材料印发各位委员，请认真学习、深刻领会。</p>",
                    author=rng.choice(["人民日报", "新华社", "全国政协办公厅", "市政协办公室"]),
                    required=required,
                    deadline=day + datetime.timedelta(days=30) if required else None,
                    state=MaterialState.PUBLISHED,
                    published_at=published,
                    created_by=staff,
                    created_at=published - 2 * HOURS,
                    updated_at=published - 2 * HOURS,
                )
            )
            plans.append((rng, topic))
    with _dated(StudyMaterial):
        StudyMaterial.objects.bulk_create(materials)
    StudyMaterial.topics.through.objects.bulk_create(
        [
            StudyMaterial.topics.through(studymaterial_id=m.pk, topic_id=topics[topic].pk)
            for m, (_rng, topic) in zip(materials, plans, strict=True)
        ]
    )
    steps = [publish_step(m, committee, staff, content_types) for m in materials]
    records, reflections = [], []
    for material, (rng, _topic) in zip(materials, plans, strict=True):
        audience = seats if material.include_lower else own
        rate = rng.uniform(0.5, 0.85) if material.required else rng.uniform(0.08, 0.3)
        for member_id, committee_id, _sector in audience:
            if rng.random() >= rate:
                continue
            at = material.published_at + datetime.timedelta(minutes=rng.randint(10, 29 * 24 * 60))
            records.append(
                StudyRecord(
                    material_id=material.pk,
                    member_id=member_id,
                    committee_id=committee_id,
                    studied_at=at,
                    seconds=rng.randint(90, 2700),
                    measured_by="browser",
                )
            )
            if rng.random() < (0.12 if material.required else 0.04):
                when = at + datetime.timedelta(hours=rng.randint(1, 72))
                reflections.append(
                    Reflection(
                        material_id=material.pk,
                        member_id=member_id,
                        committee_id=committee_id,
                        text=rng.choice(reflections_text),
                        state=ReflectionState.SUBMITTED,
                        submitted_at=when,
                        created_at=when,
                        updated_at=when,
                    )
                )
    demo_bulk.insert(records, StudyRecord)
    with _dated(Reflection):
        Reflection.objects.bulk_create(reflections, batch_size=1000)
    steps += submit_steps(reflections, content_types)
    demo_bulk.insert(steps, Transition)
    return {"materials": len(materials), "records": len(records), "reflections": len(reflections)}
