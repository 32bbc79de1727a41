"""The figures of 文史 work, each over the records behind it, for the committees counted and a period:

- `wenshi.clues`: clues (文史线索) received in the period (by date received);
- `wenshi.adopted`: manuscripts adopted in the period (by date adopted);
- `wenshi.volumes`: publications (volumes and books) published in the period;
- `wenshi.items`: items taken into the collection in the period (records; each may hold copies);
- `wenshi.exchanged`: volumes (册) given or exchanged with other committees and bodies in the period —
  the sum of copies of the gift and exchange rows (loans are not counted).
"""

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.wenshi.choices import EXCHANGED_KINDS, ManuscriptKind, ManuscriptState
from lvzhi.wenshi.models import Circulation, CollectionItem, Manuscript, Volume

PERIODS = ("current", "cumulative", "term", "year", "since", "range")


def clues(committee_ids, period):
    return Manuscript.objects.filter(period.q("submitted_on"), committee_id__in=committee_ids, kind=ManuscriptKind.CLUE)


def adopted(committee_ids, period):
    return Manuscript.objects.filter(
        period.q("decided_on"),
        committee_id__in=committee_ids,
        kind=ManuscriptKind.MANUSCRIPT,
        state=ManuscriptState.ADOPTED,
    )


def volumes(committee_ids, period):
    return Volume.objects.filter(period.q("published_on"), committee_id__in=committee_ids, published_on__isnull=False)


def items(committee_ids, period):
    return CollectionItem.objects.filter(period.q("acquired_on"), committee_id__in=committee_ids)


def exchanges(committee_ids, period):
    return Circulation.objects.filter(period.q("happened_on"), committee_id__in=committee_ids, kind__in=EXCHANGED_KINDS)


def exchanged_copies(committee_ids, period) -> int:
    return exchanges(committee_ids, period).aggregate(n=Sum("copies"))["n"] or 0


FIGURES = [
    Figure(
        key="wenshi.clues",
        label=_("收到文史线索"),
        definition=_("期内登记收到的文史线索条数（按来稿日期）"),
        unit=_("条"),
        records=clues,
        periods=PERIODS,
        records_url="wenshi:figures",
    ),
    Figure(
        key="wenshi.adopted",
        label=_("采用文史稿件"),
        definition=_("期内复审采用的文史稿件篇数（按采用日期）"),
        unit=_("篇"),
        records=adopted,
        periods=PERIODS,
        records_url="wenshi:figures",
    ),
    Figure(
        key="wenshi.volumes",
        label=_("出版文史资料"),
        definition=_("期内出版的文史资料辑册与专辑图书种数（按出版日期）"),
        unit=_("种"),
        records=volumes,
        periods=PERIODS,
        records_url="wenshi:figures",
        names=Coalesce("series__name", "title"),  # a volume by its series (《武威文史》), a book by its title
    ),
    Figure(
        key="wenshi.items",
        label=_("文史馆藏入藏"),
        definition=_("期内入藏文史馆或图书馆政协文史资料专区的藏品条数（按入藏日期）"),
        unit=_("件"),
        records=items,
        periods=PERIODS,
        records_url="wenshi:figures",
    ),
    Figure(
        key="wenshi.exchanged",
        label=_("赠送互赠文史资料"),
        definition=_("期内赠送和互赠其他政协及单位的文史资料册数（借阅不计）"),
        unit=_("册"),
        records=exchanges,
        value=exchanged_copies,
        kind="sum",
        periods=PERIODS,
        records_url="wenshi:figures",
    ),
]
