"""Reads of the organisation that are more than a filter: filter choices and export columns."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import pii
from lvzhi.core.exports import Column, choice_label
from lvzhi.core.pickers import choice_source
from lvzhi.org.choices import MemberRole, MembershipStatus
from lvzhi.org.models import Committee, Member, Party, Sector, SpecialCommittee, Studio, Term, Unit, ordinal_numeral


def _labelled(queryset, many: bool):
    rows = queryset.select_related("committee").order_by("committee__path", "sort", "pk")
    return [(obj.pk, f"{obj.committee.short_name} · {obj.name}" if many else obj.name) for obj in rows]


def member_filter_options(ids) -> dict:
    """The choices of the member list's filter bar, for the committees in view (a fixed number of queries)."""
    committees = list(Committee.objects.filter(id__in=ids).order_by("path"))
    many = len(committees) > 1
    numbers = sorted(set(Term.objects.in_committees(ids).values_list("number", flat=True)), reverse=True)
    studios = Studio.objects.in_committees(ids).select_related("committee").order_by("committee__path", "name")
    return {
        "committees": [(c.pk, ("— " if c.level == "county" and many else "") + c.short_name) for c in committees],
        "terms": [(n, _("第%(n)s届") % {"n": ordinal_numeral(n)}) for n in numbers],
        "sectors": _labelled(Sector.objects.in_committees(ids), many),
        "parties": _labelled(Party.objects.in_committees(ids), many),
        "special_committees": _labelled(SpecialCommittee.objects.in_committees(ids), many),
        "studios": [(s.pk, f"{s.committee.short_name} · {s.name}" if many else s.name) for s in studios],
        "roles": MemberRole.choices,
        "statuses": [*MembershipStatus.choices, ("all", _("全部状态"))],
    }


def member_columns(*, clear_pii: bool) -> list[Column]:
    """The member list's export: personal information in clear only for those who may see it."""

    def id_number(m):
        return m.member.id_number if clear_pii else m.member.id_number_masked

    def mobile(m):
        return m.member.mobile if clear_pii else m.member.mobile_masked

    return [
        Column(_("姓名"), lambda m: m.member.name, 10),
        Column(_("性别"), lambda m: choice_label(m.member, "gender"), 6),
        Column(_("民族"), lambda m: m.member.ethnicity, 8),
        Column(_("出生日期"), lambda m: m.member.birth_date, 12)
        if clear_pii
        else Column(_("出生年月"), lambda m: pii.birth_month(m.member.birth_date), 10),
        Column(_("身份证号"), id_number, 22),
        Column(_("手机号"), mobile, 14),
        Column(_("委员会"), lambda m: m.committee.name, 16),
        Column(_("届次"), lambda m: str(m.term), 8),
        Column(_("委员职务"), lambda m: choice_label(m, "role"), 10),
        Column(_("界别"), lambda m: m.sector.name if m.sector else "", 14),
        Column(_("参加单位"), lambda m: m.party.name if m.party else "", 14),
        Column(_("专门委员会"), lambda m: "、".join(s.name for s in m.special_committees.all()), 20),
        Column(_("工作单位"), lambda m: m.member.workplace, 24),
        Column(_("职务"), lambda m: m.member.title, 16),
        Column(_("状态"), lambda m: choice_label(m, "status"), 8),
        Column(_("任职日期"), lambda m: m.started_on, 12),
        Column(_("离任日期"), lambda m: m.ended_on, 12),
    ]


def _unit_label(unit) -> str:
    return f"{unit.committee.short_name} · {unit.name}"


@choice_source(label=_unit_label)
def active_units_of(committee_ids):
    """The active units of these committees (ids), by committee: what a list filters by unit."""
    return (
        Unit.objects.filter(committee_id__in=list(committee_ids), is_active=True)
        .select_related("committee")
        .order_by("committee__path", "sort", "name", "pk")
    )


@choice_source(pinyin="name_pinyin", initials="name_initials")
def members_of_committee(committee):
    """The people who hold or held a membership of the committee, by name: whom a form of the
    committee's records chooses among."""
    return (
        Member.objects.filter(memberships__committee=committee)
        .distinct()
        .order_by("name_pinyin", "id")
        .only("id", "name")
    )
