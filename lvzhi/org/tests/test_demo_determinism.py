"""The organisation's demo data is the same on every load. (Other modules' loaders are checked
by their own tests; this one loads only the organisation, twice.)"""

import hashlib

from django.db import transaction

from lvzhi.org import demo
from lvzhi.org.models import Member, Studio


def load_and_digest() -> str:
    """Load the demo organisation into the empty database, digest its people and studios, and
    roll back."""
    with transaction.atomic():
        demo.load()
        people = Member.objects.order_by("id_number_hash").values_list(
            "name", "id_number_hash", "mobile_hash", "workplace", "committee__code"
        )
        studios = Studio.objects.order_by("name").values_list("name", "lead__id_number_hash", "established_on")
        digest = hashlib.sha256(repr((list(people), list(studios))).encode()).hexdigest()
        transaction.set_rollback(True)
    return digest


def test_two_loads_into_an_empty_database_give_the_same_people(db):
    assert not Member.objects.exists()
    assert load_and_digest() == load_and_digest()
    assert not Member.objects.exists()
