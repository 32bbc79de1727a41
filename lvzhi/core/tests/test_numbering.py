"""Numbers are gap-free and duplicate-free, also under concurrent requests."""

import threading

import pytest
from django.db import connection, transaction

from lvzhi.core.numbering import next_number
from lvzhi.org.factories import make_committee


def test_it_counts_per_committee_and_key(db):
    a = make_committee("620600", "武威市政协", "武威市", "city")
    b = make_committee("620800", "平凉市政协", "平凉市", "city")
    with transaction.atomic():
        assert [next_number(a, "5-3") for _ in range(3)] == [1, 2, 3]
        assert next_number(a, "5-4") == 1
        assert next_number(b, "5-3") == 1


def test_a_rolled_back_number_is_given_again(db):
    committee = make_committee("620600", "武威市政协", "武威市", "city")
    with transaction.atomic():
        assert next_number(committee, "2024") == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(committee, "2024") == 2
        raise RuntimeError("the numbered record failed to save")
    with transaction.atomic():
        assert next_number(committee, "2024") == 2


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction():
    committee = make_committee("620600", "武威市政协", "武威市", "city")
    with pytest.raises(RuntimeError):
        next_number(committee, "2024")


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_get_distinct_consecutive_numbers():
    committee = make_committee("620600", "武威市政协", "武威市", "city")
    workers, per_worker = 6, 10
    results: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(workers)

    def work():
        try:
            start.wait()
            for _ in range(per_worker):
                with transaction.atomic():
                    number = next_number(committee.pk, "5-3")
                with lock:
                    results.append(number)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, workers * per_worker + 1))
