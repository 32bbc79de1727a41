"""Whom a record is addressed to, chosen on a form: the members, units, sectors, special committees,
parties and studios of a committee and of those below it (a notice, a reference document, a
deliberation topic reaches "the members of the 经济界 sectors" of a city and its counties).

Each list is a registered remote choice (`core.pickers.choice_source`): a province's tree has
thousands of sectors and parties, searched as the user types past a few hundred. A record of a
committee below the chosen one names its committee ("中共 · 凉州区"): every committee keeps its own
rows of the same names. `audience_choices(form, committee)` gives a form's audience fields their
records."""

from django.db.models import Exists, OuterRef, Value

from lvzhi.core.forms import remote_choices
from lvzhi.core.pickers import choice_source
from lvzhi.org.models import Committee, Member, Membership, Party, Sector, SpecialCommittee, Studio, Unit


def _tree(committee):
    if not isinstance(committee, Committee):
        committee = Committee.objects.get(pk=committee)
    return Committee.objects.filter(path__startswith=committee.path)


@choice_source(pinyin="name_pinyin", initials="name_initials")
def members_of_tree(committee):
    """The members seated in the committee or any below it: whom a record may name."""
    # EXISTS, not a join made distinct: read in name order and stopped at the page's few hundred,
    # not every seat of a province's tree sorted first
    seated = Membership.objects.filter(member=OuterRef("pk"), committee__in=_tree(committee), status="active")
    return Member.objects.filter(Exists(seated)).order_by("name_pinyin", "id")


def _of_tree_label(record) -> str:
    """A record of a committee below the chosen one names its committee: a city's sectors, parties
    and units come again in each of its counties ("中共" once per committee, told apart)."""
    if record.committee_id == getattr(record, "tree_root_id", record.committee_id):
        return str(record)
    return f"{record} · {record.committee.short_name}"


def _in_tree(model, committee, lower=True):
    root = committee.pk if isinstance(committee, Committee) else committee
    return (
        model.objects.filter(committee__in=_tree(committee) if lower else [root])
        .select_related("committee")
        .annotate(tree_root_id=Value(root))
        .order_by("committee__path", *model._meta.ordering)
    )


@choice_source(label=_of_tree_label)
def units_of_tree(committee):
    """The units of the committee and those below it: whose users a record may reach."""
    return _in_tree(Unit, committee)


def _of_tree(model):
    """A builder of the model's records in the committee and below it (every committee has its own
    sectors, parties, special committees and studios: a province's tree has thousands), the chosen
    committee's first."""

    def build(committee, lower=True):
        return _in_tree(model, committee, lower)

    build.__qualname__ = build.__name__ = f"{model._meta.model_name}s_of_tree"
    build.__doc__ = f"The {model._meta.verbose_name_plural} of the committee and those below it."
    return choice_source(build, label=_of_tree_label)


AUDIENCE_SOURCES = {
    "sectors": _of_tree(Sector),
    "special_committees": _of_tree(SpecialCommittee),
    "parties": _of_tree(Party),
    "studios": _of_tree(Studio),
}


def audience_choices(form, committee, *, lower=True) -> None:
    """The form's audience lists (those of `sectors`, `special_committees`, `parties`, `studios`,
    `units` and `members` it has) become the records of `committee` and, with `lower`, of the
    committees below it (for a module whose records reach them: the "含下级委员会" box), searched
    remotely when long. Validation is the fields' own against these records; whether a lower
    committee's may be chosen for a record is the service's to check."""
    for name, build in {**AUDIENCE_SOURCES, "units": units_of_tree, "members": members_of_tree}.items():
        if name not in form.fields:
            continue
        if name in AUDIENCE_SOURCES:
            remote_choices(form.fields[name], build, committee, lower)
        elif lower:
            remote_choices(form.fields[name], build, committee)
