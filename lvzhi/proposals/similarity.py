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
committees tolerate a 2% drift; whether they changed is read with the candidates). At 100,000
proposals a lookup stays at a few small queries, one while the kept frequencies are fresh (see
bench/proposals.py).
"""

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Subquery, prefetch_related_objects

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
    "with_assignments",
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
    row = Proposal.objects.filter(committee_id=committee_id).aggregate(**_stamp_parts(committee_id))
    return tuple(row[name] for name in STAMP)


STAMP = ("stamp_n", "stamp_last_id", "stamp_last_change")  # what tells whether an index is still fresh


def _stamp_parts(committee_id, subquery=False):
    """The committee's proposals counted, their last id and last change: aggregates, or (`subquery`)
    columns another read of the committee's proposals carries."""
    parts = dict(zip(STAMP, (Count("id"), Max("id"), Max("updated_at")), strict=True))
    if not subquery:
        return parts
    mine = Proposal.objects.filter(committee_id=committee_id).order_by().values("committee_id")
    return {name: Subquery(mine.annotate(value=part).values("value")) for name, part in parts.items()}


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


def index_for(committee_id, stamp=None) -> _Index:
    """The committee's document frequencies, counted again unless the one kept is still fresh (`stamp`:
    the committee's stamp when it was read already)."""
    stamp = stamp or _stamp(committee_id)
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
    (the proposals a reader may see), those of them that are among it. Each match's proposal holds
    its id, title, number and state (read with the candidates); `with_assignments` adds its
    assignments."""
    query = text_tokens.split()
    if not query:
        return []
    # the document frequencies kept in this process are used at once and their freshness is read with
    # the candidates (one statement); only a stale index has them counted again and, when that changes
    # the rare tokens, the candidates read again — the result is the one a fresh index gives
    kept = _indexes.get(committee_id)
    index = kept or index_for(committee_id)
    base = queryset if queryset is not None else Proposal.objects.all()
    base = base.filter(committee_id=committee_id).exclude(state=ProposalState.DRAFT)
    if states:
        base = base.filter(state__in=states)
    if exclude_id:
        base = base.exclude(pk=exclude_id)
    if before_id:
        base = base.filter(pk__lt=before_id)
    rare = _rare(query, index)
    rows = _candidates(base, committee_id, rare, exclude_id, before_id, stamped=kept is not None) if rare else []
    if kept is not None:
        stamp = tuple(rows[0][-len(STAMP) :]) if rows else _stamp(committee_id)
        rows = [row[: -len(STAMP)] for row in rows]
        index = index_for(committee_id, stamp)
        if index is not kept and _rare(query, index) != rare:
            rare = _rare(query, index)
            rows = _candidates(base, committee_id, rare, exclude_id, before_id) if rare else []
    if not rows:
        return []
    qvec = _vector(query, index)
    scored = []
    for *shown_values, tokens in rows:
        vec = _vector(tokens.split(), index)
        score = sum(w * vec.get(t, 0.0) for t, w in qvec.items())
        if score > 0.05:
            scored.append((score, shown_values))
    scored.sort(key=lambda pair: (pair[0], pair[1][0]), reverse=True)
    top = scored[:limit]
    if shown is not None:
        seen = set(shown.filter(pk__in=[values[0] for _, values in top]).values_list("pk", flat=True))
        top = [(score, values) for score, values in top if values[0] in seen]
    return [Match(Proposal.from_db(base.db, SHOWN, values), round(score, 3)) for score, values in top]


def _rare(query, index) -> list[str]:
    """The query's rarest tokens that some proposal has: what the candidates must share."""
    rare = sorted(set(query), key=lambda t: (index.df.get(t, 0), t))
    return [t[:40] for t in rare if index.df.get(t, 0) > 0][:CANDIDATE_TOKENS]


def _candidates(base, committee_id, rare, exclude_id, before_id, stamped=False) -> list[tuple]:
    """The proposals sharing most of the rare tokens (the index answers this alone) with what a match
    shows and their tokens; `stamped`: with the committee's stamp on each row. One statement (the
    shortlist, and the stamp, subqueries)."""
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
    rows = base.filter(pk__in=shortlist)
    if stamped:
        rows = rows.annotate(**_stamp_parts(committee_id, subquery=True))
    return list(rows.values_list(*SHOWN, "tokens", *(STAMP if stamped else ())))


SHOWN = [f.attname for f in Proposal._meta.concrete_fields if f.attname in {"id", "title", "number", "state"}]


def similar_to_proposal(proposal, limit=TOP, shown=None) -> list[Match]:
    return similar(proposal.committee_id, proposal.tokens, exclude_id=proposal.pk, limit=limit, shown=shown)


def with_assignments(matches: list[Match]) -> list[Match]:
    """The matches' proposals with their assignments (unit, reply category): one query."""
    prefetch_related_objects(
        [m.proposal for m in matches],
        Prefetch("assignments", Assignment.objects.select_related("reply_category", "unit")),
    )
    return matches


def suggested_units(matches: list[Match], limit=5):
    """Units that handled similar filed proposals, weighted by similarity, best first."""
    weights: dict = {}
    units = {}
    filed = with_assignments([m for m in matches if m.proposal.state in FILED_STATES])  # none: no query
    for match in filed:
        for a in match.proposal.assignments.all():
            if a.state == AssignmentState.REASSIGNED:
                continue
            weights[a.unit_id] = weights.get(a.unit_id, 0) + match.score * (1.0 if a.role != AssignmentRole.CO else 0.5)
            units[a.unit_id] = a.unit
    ranked = sorted(weights, key=lambda uid: -weights[uid])[:limit]
    return [(units[uid], round(weights[uid], 3)) for uid in ranked]
