"""Reads of the learning corner: the filtered lists (one definition for the page, its export and the
API) and the completion tables by member, sector and committee."""

import os
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch

from lvzhi.core.cleaning import as_id
from lvzhi.core.scope import committee_named
from lvzhi.learning.choices import MaterialKind, MaterialState, ReflectionState
from lvzhi.learning.models import GroupMember, ReadingGroup, Reflection, StudyMaterial, StudyRecord, Topic, reads_all
from lvzhi.org.audience import audience_members, audience_reach, current_memberships


def _bool(value):
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    return {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}.get(text)


def materials_for(user, params: dict, *, allowed_committees=()):
    """The materials this user may see, filtered by `params` (q, kind, topic, state, required,
    studied, committee), with what each row shows fetched up front."""
    qs = StudyMaterial.objects.visible_to(user)
    q = str(params.get("q") or "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    kind = params.get("kind")
    if kind in MaterialKind.values:
        qs = qs.filter(kind=kind)
    topic = str(params.get("topic") or "").strip()
    if topic:
        qs = qs.filter(pk__in=Topic.objects.filter(name=topic).values("materials"))
    state = params.get("state")
    if state in MaterialState.values:
        qs = qs.filter(state=state)
    required = _bool(params.get("required"))
    if required is not None:
        qs = qs.filter(required=required)
    committee = params.get("committee")
    if committee:
        found = committee_named(committee, allowed_committees)
        qs = qs.filter(committee=found) if found else qs.none()
    member_id = getattr(user, "member_id", None)
    if member_id:
        qs = qs.annotate(
            studied=Exists(StudyRecord.objects.filter(material=OuterRef("pk"), member_id=member_id)),
        )
        studied = _bool(params.get("studied"))
        if studied is not None:
            qs = qs.filter(studied=studied)
    return qs.select_related("committee").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("position", "id"))
    )


OWN_STUDY = "_lvzhi_own_study"  # kept on a material object: (member id, record, reflection)


def own_study(material, user):
    """The member's study record and reflection of this material (at most one of each), read now and
    kept on the material object, so that the page's buttons (`actions`) ask the database no more."""
    if not user.member_id:
        return None, None
    record = StudyRecord.objects.filter(material=material, member_id=user.member_id).first()
    reflection = Reflection.objects.filter(material=material, member_id=user.member_id).first()
    setattr(material, OWN_STUDY, (user.member_id, record, reflection))
    return record, reflection


def known_own_study(material, member_id):
    """(record, reflection) of this member as `own_study` last read them on this object, else None."""
    known = getattr(material, OWN_STUDY, None)
    return known[1:] if known is not None and known[0] == member_id else None


def reflection_states(user, materials) -> dict[int, str]:
    """{material id: the user's reflection state} for these materials, in one query."""
    if not getattr(user, "member_id", None):
        return {}
    return dict(
        Reflection.objects.filter(member_id=user.member_id, material__in=[m.pk for m in materials]).values_list(
            "material_id", "state"
        )
    )


def reflections_for(user, params: dict):
    qs = Reflection.objects.visible_to(user)
    if not reads_all(user) or params.get("mine"):
        qs = qs.filter(member_id=getattr(user, "member_id", None) or 0)
    state = params.get("state")
    if state in ReflectionState.values:
        qs = qs.filter(state=state)
    material = str(params.get("material") or "").strip()
    if material:  # an id that names no material matches nothing
        qs = qs.filter(material_id=as_id(material) or 0)
    return qs.select_related("material", "member", "committee")


def groups_for(user):
    qs = (
        ReadingGroup.objects.visible_to(user)
        .select_related("book", "committee")
        .annotate(member_count=Count("seats", distinct=True))
    )
    member_id = getattr(user, "member_id", None)
    if member_id:
        qs = qs.annotate(joined=Exists(GroupMember.objects.filter(group=OuterRef("pk"), member_id=member_id)))
    return qs


# --- completion ----------------------------------------------------------------------------------------


def _common_path(paths) -> str:
    """The path of the committee above all these ("/620000/620600/" and "/620000/620800/": two cities'
    materials, their province's "/620000/")."""
    common = os.path.commonprefix([path.strip("/").split("/") for path in paths])
    return "/" + "".join(f"{step}/" for step in common)


def _seats(member_ids, path):
    """{member id: (name, committee id, committee short name, sector name) of their current seat under
    the committee of this path} for the tables, read as plain values (a province's required reading
    reaches thousands of members)."""
    wanted = set(member_ids)
    seats = (
        current_memberships()
        .filter(member_id__in=wanted, committee__path__startswith=path)
        .order_by("member_id", "-committee__path")
        .values_list("member_id", "member__name", "committee_id", "committee__short_name", "sector__name")
    )
    found = {}
    for member_id, *seat in seats:
        found.setdefault(member_id, seat)
    return found


def completion(materials):
    """Completion of these (published) materials by the members they reach: a row per member with
    how many they had to study and how many they studied, and the same summed by sector and by
    committee. A constant number of queries, however many materials."""
    materials = list(materials)
    if not materials:
        return {"by_member": [], "by_sector": [], "by_committee": []}
    reach = defaultdict(set)  # member id -> material ids they are asked to study
    for material_id, member_ids in audience_reach(materials).items():
        for member_id in member_ids:
            reach[member_id].add(material_id)
    single = len(materials) == 1
    ids = [m.pk for m in materials]
    # Who studied what, and (for one material) when and how long: a material's records read whole and
    # matched to the reach here (no IN list of thousands of members); the reflections of those reached.
    fields = ("member_id", "material_id", "studied_at", "seconds") if single else ("member_id", "material_id")
    records = defaultdict(dict)
    for member_id, material_id, *when in StudyRecord.objects.filter(material__in=ids).values_list(*fields):
        if material_id in reach.get(member_id, ()):
            records[member_id][material_id] = when or (None, None)
    reflections = defaultdict(dict)
    for member_id, material_id, state in Reflection.objects.filter(material__in=ids).values_list(
        "member_id", "material_id", "state"
    ):
        if member_id in reach:
            reflections[member_id][material_id] = state
    seats = _seats(reach, _common_path(m.committee.path for m in materials))
    labels = dict(ReflectionState.choices)
    by_member = []
    for member_id, wanted in reach.items():
        name, committee_id, committee, sector = seats.get(member_id) or (str(member_id), None, "", None)
        done = records.get(member_id, {})
        at, seconds = next(iter(done.values())) if single and done else (None, None)
        states = reflections.get(member_id, {})
        by_member.append(
            {
                "member_id": member_id,
                "name": name,
                "committee": committee,
                "committee_id": committee_id,
                "sector": sector or "",
                "required": len(wanted),
                "studied": len(done),
                "studied_at": at,
                "seconds": seconds,
                "reflection": str(labels.get(next(iter(states.values())), ""))
                if single and states
                else (str(len([s for s in states.values() if s == ReflectionState.SUBMITTED])) if states else ""),
            }
        )
    by_member.sort(key=lambda r: (r["committee"], r["studied"] / max(r["required"], 1), r["name"]))
    return {
        "by_member": by_member,
        "by_sector": _sum(by_member, "sector"),
        "by_committee": _sum(by_member, "committee"),
    }


def _sum(rows, key):
    totals = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[row[key]][0] += row["required"]
        totals[row[key]][1] += row["studied"]
    out = []
    for name, (audience, studied) in sorted(totals.items()):
        out.append(
            {
                "key": name,
                "name": name or "—",
                "audience": audience,
                "studied": studied,
                "rate": round(100 * studied / audience, 1) if audience else 0.0,
            }
        )
    return out


def required_materials(committee_ids, period):
    return (
        StudyMaterial.objects.in_committees(committee_ids)
        .filter(required=True, state=MaterialState.PUBLISHED)
        .filter(period.q("published_at", is_datetime=True))
        .select_related("committee")
    )  # who each reaches is read by `completion` (`audience_reach`), not from the records' lists


def audience_count(material) -> int:
    return audience_members(material).count()


def studied_count(material) -> int:
    return material.records.count()


__all__ = [
    "audience_count",
    "completion",
    "groups_for",
    "known_own_study",
    "materials_for",
    "own_study",
    "reflection_states",
    "reflections_for",
    "required_materials",
    "studied_count",
]
