"""Filing numbers are gap-free and duplicate-free per committee, term and session, also when
the office files concurrently."""

import threading

import pytest
from django.db import connection

from lvzhi.proposals import services
from lvzhi.proposals.factories import ProposalWorld
from lvzhi.proposals.models import Proposal


def test_numbers_count_per_session_and_between_sessions(world):
    a = world.filed()
    b = world.filed()
    between = services.file_proposal(actor=world.p.staff, proposal=world.submitted(session=""))
    assert (a.number, b.number) == ("五届三次会议第0001号", "五届三次会议第0002号")
    assert between.number == "五届闭会期间第0001号"


@pytest.mark.django_db(transaction=True)
def test_concurrent_filing_gives_distinct_consecutive_numbers():
    from lvzhi.org.factories import Personas

    world = ProposalWorld(Personas())
    proposals = [world.submitted(title=f"关于第{i}个问题的建议") for i in range(12)]
    staff = world.p.staff
    errors = []
    barrier = threading.Barrier(4)

    def work(chunk):
        try:
            barrier.wait()
            for p in chunk:
                services.file_proposal(actor=staff, proposal=Proposal.objects.get(pk=p.pk))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(proposals[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    serials = sorted(Proposal.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 13))
    assert Proposal.objects.values("number").distinct().count() == 12
