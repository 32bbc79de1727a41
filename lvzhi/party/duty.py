"""The duty events of party building (docs/adding-a-module.md, "Duty events"): a member who contacts
the member paired with them under "两个全覆盖" is credited once per recorded contact, dated by the
contact. The meetings of party life are the office's (its staff are the party members attending),
not members' duties, and make no events."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows
from lvzhi.party.models import Contact, CoveragePair


def contact_events(committee_ids=None, year=None, source_ids=None):
    qs = Contact.objects.all()
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    if year is not None:
        qs = qs.filter(contacted_on__year=year)
    rows = qs.values_list("pair__contactor_id", "committee_id", "contacted_on", "pk")
    for member_id, committee_id, day, pk in rows.iterator(chunk_size=5000):
        yield DutyFact(member_id, committee_id, day, pk)


def contact_facts(committee_ids=None, year=None):
    qs = Contact.objects.all()
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if year is not None:
        qs = qs.filter(contacted_on__year=year)
    return fact_rows(
        qs,
        kind="party.contact",
        member="pair__contactor_id",
        committee="committee_id",
        date="contacted_on",
        source="pk",
    )


def contact_affected(obj):
    if isinstance(obj, Contact):
        return [obj.pk]
    if isinstance(obj, CoveragePair):
        return list(obj.contacts.values_list("pk", flat=True))
    return None


def _contact_title(pk, name, day):
    # no link: the contact register is the office's (a member opening their duty record would meet a 403)
    return _("联系%(name)s（%(day)s）") % {"name": name, "day": day}, ""


describe_contacts = Titles(Contact, ("pair__contacted__name", "contacted_on"), _contact_title)


PRODUCERS = [
    DutyProducer(
        "party.contact",
        _("两个全覆盖结对联系"),
        "party.Contact",
        contact_events,
        contact_affected,
        default_points=1,
        describe=describe_contacts,
        facts_query=contact_facts,
    ),
]
