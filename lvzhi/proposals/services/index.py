"""The similar-proposal index (`SimilarityTerm`: committee, token, proposal), a derived store of
the proposals' tokens. A service that changes a proposal's tokens marks it `tokens_indexed = False`
and indexes it in the same transaction (`index_pending`); bulk loaders (the demo, bench/proposals.py)
call `refresh_index()` after inserting; `manage.py index_proposals --rebuild / --check` rebuilds the
index or reports its drift. A lookup only reads."""

from django.db import connection, transaction

from lvzhi.proposals.models import Proposal, SimilarityTerm
from lvzhi.proposals.tokens import index_tokens


def index_pending(committee_id, *changed: Proposal) -> int:
    """Index the committee's changed proposals now, inside the service's transaction (and say so on
    the objects the service holds, so that their next save does not mark them pending again)."""
    done = refresh_index(committee_id)
    for proposal in changed:
        proposal.tokens_indexed = True
    return done


def refresh_index(committee_id=None, batch=2000) -> int:
    """Index the proposals whose tokens are not indexed yet (of one committee, or all). Returns how many."""
    pending = Proposal.objects.filter(tokens_indexed=False)
    table = connection.ops.quote_name(SimilarityTerm._meta.db_table)
    insert = f"INSERT INTO {table} (committee_id, proposal_id, token) VALUES (%s, %s, %s)"
    if committee_id is not None:
        pending = pending.filter(committee_id=committee_id)
    done = 0
    while True:
        rows = list(pending.values_list("pk", "committee_id", "tokens").order_by("pk")[:batch])
        if not rows:
            return done
        ids = [pk for pk, _c, _t in rows]
        with transaction.atomic():
            SimilarityTerm.objects.filter(proposal_id__in=ids).delete()
            # a plain executemany: the ORM's bulk_create costs ten times more for these small rows
            with connection.cursor() as cursor:
                cursor.executemany(
                    insert,
                    sorted(  # in the lookup index's order: fewer page splits
                        ((cid, pk, token) for pk, cid, tokens in rows for token in index_tokens(tokens or "")),
                        key=lambda row: (row[0], row[2], row[1]),
                    ),
                )
            Proposal.objects.filter(pk__in=ids).update(tokens_indexed=True)
        done += len(rows)


def rebuild_index(committee_id=None) -> int:
    """The index built again from the proposals' tokens (of one committee, or all): the same rows
    as the services' upkeep leaves. Returns how many proposals were indexed."""
    proposals = Proposal.objects.all() if committee_id is None else Proposal.objects.filter(committee_id=committee_id)
    with transaction.atomic():
        proposals.update(tokens_indexed=False)
        terms = SimilarityTerm.objects.all()
        if committee_id is not None:
            terms = terms.filter(committee_id=committee_id)
        terms.delete()
    return refresh_index(committee_id)


def index_drift(committee_id=None) -> dict:
    """How far the index is from a rebuild: proposals still waiting to be indexed, and indexed
    proposals whose index rows differ from what their tokens give (checked over all of them)."""
    proposals = Proposal.objects.all() if committee_id is None else Proposal.objects.filter(committee_id=committee_id)
    waiting = proposals.filter(tokens_indexed=False).count()
    stored: dict[int, set] = {}
    terms = SimilarityTerm.objects.filter(proposal__in=proposals.filter(tokens_indexed=True))
    for pk, token in terms.values_list("proposal_id", "token").iterator(5000):
        stored.setdefault(pk, set()).add(token)
    differ = [
        pk
        for pk, tokens in proposals.filter(tokens_indexed=True).values_list("pk", "tokens").iterator(2000)
        if set(index_tokens(tokens or "")) != stored.get(pk, set())
    ]
    return {"waiting": waiting, "differ": len(differ)}
