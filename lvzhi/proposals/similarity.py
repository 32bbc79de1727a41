"""Similar proposals: a TF-IDF cosine ranking over the committee's proposals.

Each proposal stores its tokens (`Proposal.tokens`, see `tokens.py`), and an inverted index
(`SimilarityTerm`: committee, token, proposal) holds up to INDEX_TOKENS of them per proposal. The
index is a derived store kept by the services (`services/index.py`): the service that changes a
proposal's tokens indexes it in its own transaction, and bulk loaders index what they inserted. A
lookup only reads.

A lookup narrows the committee's proposals to candidates that share the query's rarer tokens (an
index-only GROUP BY over SimilarityTerm, best-sharing first), then ranks only those by the cosine
similarity of TF-IDF vectors. Document frequencies come from the same index, counted per committee
in the database and cached in memory (refreshed when the committee's proposals change; large
committees tolerate a 2% drift). At 100,000 proposals a lookup stays at a few small queries
(see bench/proposals.py).
"""

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch

from lvzhi.proposals.choices import FILED_STATES, AssignmentRole, AssignmentState, ProposalState
from lvzhi.proposals.models import Assignment, Proposal, SimilarityTerm
from lvzhi.proposals.services.index import refresh_index
from lvzhi.proposals.tokens import INDEX_TOKENS, STOPWORDS, index_tokens, tokenize, tokens_for

__all__ = [
    "INDEX_TOKENS",
    "STOPWORDS",
    "Match",
    "index_for",
    "index_tokens",
    "refresh_index",
    "similar",
    "similar_to_proposal",
    "suggested_units",
    "tokenize",
    "tokens_for",
]

TOP = 5
CANDIDATE_TOKENS = 8  # rarest query tokens used to find candidates
MAX_CANDIDATES = 600  # best-sharing candidates ranked in full


@dataclass
class Match:
    proposal: object
    score: float


class _Index:
    """Document frequencies of one committee's proposals."""

    def __init__(self, stamp, df):
        self.stamp, self.n, self.df, self.built = stamp, stamp[0], df, time.monotonic()

    def idf(self, token):
        return math.log((1 + self.n) / (1 + self.df.get(token, 0))) + 1.0


_indexes: dict[int, _Index] = {}
_lock = threading.Lock()


def _stamp(committee_id):
    row = Proposal.objects.filter(committee_id=committee_id).aggregate(
        n=Count("id"), last_id=Max("id"), last_change=Max("updated_at")
    )
    return (row["n"], row["last_id"], row["last_change"])


def _fresh(cached, stamp) -> bool:
    """Document frequencies only weight the ranking: a small drift does not matter. Small
    committees are re-counted on any change, large ones after 2% new rows or ten minutes."""
    if cached is None:
        return False
    n = stamp[0]
    if n < 5000:
        return cached.stamp == stamp
    if time.monotonic() - cached.built > 600:
        return False
    return abs(cached.n - n) <= n * 0.02


def index_for(committee_id) -> _Index:
    stamp = _stamp(committee_id)
    cached = _indexes.get(committee_id)
    if _fresh(cached, stamp):
        return cached
    rows = (
        SimilarityTerm.objects.filter(committee_id=committee_id)
        .values_list("token")
        .annotate(n=Count("proposal_id"))
        .order_by()
    )
    index = _Index(stamp, dict(rows.iterator(5000)))
    with _lock:
        _indexes[committee_id] = index
    return index


def _vector(tokens, index):
    counts = Counter(tokens)
    vec = {t: (1 + math.log(c)) * index.idf(t) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def similar(
    committee_id,
    text_tokens: str,
    *,
    exclude_id=None,
    states=None,
    limit=TOP,
    before_id=None,
    queryset=None,
    shown=None,
) -> list[Match]:
    """The `limit` proposals of the committee most similar to these tokens, best first; with `shown`
    (the proposals a reader may see), those of them that are among it."""
    query = text_tokens.split()
    if not query:
        return []
    index = index_for(committee_id)
    qvec = _vector(query, index)
    rare = sorted(set(query), key=lambda t: (index.df.get(t, 0), t))
    rare = [t[:40] for t in rare if index.df.get(t, 0) > 0][:CANDIDATE_TOKENS]
    if not rare:
        return []
    base = queryset if queryset is not None else Proposal.objects.all()
    base = base.filter(committee_id=committee_id).exclude(state=ProposalState.DRAFT)
    if states:
        base = base.filter(state__in=states)
    if exclude_id:
        base = base.exclude(pk=exclude_id)
    if before_id:
        base = base.filter(pk__lt=before_id)
    # candidates: the proposals sharing most of the rare tokens (the index answers this alone)
    terms = SimilarityTerm.objects.filter(committee_id=committee_id, token__in=rare)
    if exclude_id:
        terms = terms.exclude(proposal_id=exclude_id)
    if before_id:
        terms = terms.filter(proposal_id__lt=before_id)
    shortlist = (
        terms.values("proposal_id")
        .annotate(hits=Count("id"))
        .order_by("-hits", "-proposal_id")
        .values_list("proposal_id", flat=True)[:MAX_CANDIDATES]
    )
    rows = list(base.filter(pk__in=shortlist).values_list("pk", "tokens"))  # one statement: a subquery
    scored = []
    for pk, tokens in rows:
        vec = _vector(tokens.split(), index)
        score = sum(w * vec.get(t, 0.0) for t, w in qvec.items())
        if score > 0.05:
            scored.append((score, pk))
    scored.sort(reverse=True)
    top = scored[:limit]
    objects = (
        (base.model.objects if shown is None else shown)
        .filter(pk__in=[pk for _, pk in top])
        .select_related("committee", "proposer", "party", "category")
        .prefetch_related(Prefetch("assignments", Assignment.objects.select_related("reply_category", "unit")))
        .in_bulk()
    )
    return [Match(objects[pk], round(score, 3)) for score, pk in top if pk in objects]


def similar_to_proposal(proposal, limit=TOP, shown=None) -> list[Match]:
    return similar(proposal.committee_id, proposal.tokens, exclude_id=proposal.pk, limit=limit, shown=shown)


def suggested_units(matches: list[Match], limit=5):
    """Units that handled similar filed proposals, weighted by similarity, best first."""
    weights: dict = {}
    units = {}
    for match in matches:
        if match.proposal.state not in FILED_STATES:
            continue
        for a in match.proposal.assignments.all():
            if a.state == AssignmentState.REASSIGNED:
                continue
            weights[a.unit_id] = weights.get(a.unit_id, 0) + match.score * (1.0 if a.role != AssignmentRole.CO else 0.5)
            units[a.unit_id] = a.unit
    ranked = sorted(weights, key=lambda uid: -weights[uid])[:limit]
    return [(units[uid], round(weights[uid], 3)) for uid in ranked]
