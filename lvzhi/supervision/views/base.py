"""What every supervision page shares: who may read, the committees they may write for, the members
of a committee. A `Register` (`lvzhi.core.registers`, declared in `lvzhi.supervision.registers`)
names a model's list columns, filters, form, services and detail fields once; the list (with its
export), detail, create, edit and action views serve every register from it, and the list, its
export and the API filter through `core.registers.filter_records`."""

from lvzhi.core import registers
from lvzhi.org.models import Member
from lvzhi.supervision.selectors import can_read
from lvzhi.supervision.services import can_manage

reader_required = registers.reader_required(can_read)


def manageable_committees(request):
    return registers.manageable_committees(request, can_manage)


def members_of_committee(committee):
    return (
        Member.objects.filter(memberships__committee=committee)
        .distinct()
        .order_by("name_pinyin", "id")
        .only("id", "name")
    )
