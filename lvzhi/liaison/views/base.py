"""What every liaison page shares: who may read, the committees they may write for, the members of a
committee (the scoped queryset and the record for the user are `core.registers`')."""

from lvzhi.core import registers
from lvzhi.liaison.selectors import can_read
from lvzhi.liaison.services import can_manage
from lvzhi.org.models import Member

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
