"""Similar proposals: jieba tokens and a TF-IDF cosine ranking over the committee's proposals.

Each proposal stores its tokens (`Proposal.tokens`, space-separated, the title counted twice), and
an inverted index (`SimilarityTerm`: committee, token, proposal) holds up to INDEX_TOKENS of them
per proposal: the most frequent (the title's first), then the rarer in jieba's dictionary. A
proposal whose tokens changed (or that was bulk-inserted) has `tokens_indexed = False` and is
indexed on the next lookup of its committee.

A lookup narrows the committee's proposals to candidates that share the query's rarer tokens (an
index-only GROUP BY over SimilarityTerm, best-sharing first), then ranks only those by the cosine
similarity of TF-IDF vectors. Document frequencies come from the same index, counted per committee
in the database and cached in memory (refreshed when the committee's proposals change; large
committees tolerate a 2% drift). At 100,000 proposals a lookup stays at a few small queries
(see bench/proposals.py).
"""

import math
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass

import jieba
from django.db import connection, transaction
from django.db.models import Count, Max

from lvzhi.proposals.choices import FILED_STATES, AssignmentRole, AssignmentState, ProposalState
from lvzhi.proposals.models import Proposal, SimilarityTerm

jieba.setLogLevel(60)

_STOPWORD_TEXT = (
    "关于 建议 加强 进一步 推进 推动 提升 问题 工作 我市 全市 一是 二是 三是 四是 五是 "
    "以及 进行 相关 有关 方面 目前 存在 没有 通过 对于 提高 完善 实施 开展 我们 他们 "
    "一些 部分 一个 这个 其中 同时 因此 但是 而且 如何 需要 应当 可以 已经 不断 切实 "
    "有效 积极 认真 更加 不够 较为 比较 情况 主要 充分 各类 各级 有关部门 "
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]*$")
TOP = 5
CANDIDATE_TOKENS = 8  # rarest query tokens used to find candidates
MAX_CANDIDATES = 600  # best-sharing candidates ranked in full
INDEX_TOKENS = 24  # tokens per proposal in the inverted index


def tokenize(text: str) -> list[str]:
    """Content words of a text: jieba's search-mode tokens, two or more characters, no stopwords."""
    return [t for t in jieba.lcut_for_search(text or "") if len(t) >= 2 and t not in STOPWORDS and _WORD.match(t)]


def tokens_for(title: str, situation: str = "", analysis: str = "", suggestions: str = "") -> str:
    words = tokenize(title) * 2 + tokenize(" ".join([situation or "", analysis or "", suggestions or ""]))[:400]
    return " ".join(words)


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


def index_tokens(tokens: str) -> list[str]:
    """The tokens of a proposal that go into the inverted index, at most INDEX_TOKENS: the most
    frequent first (the title's come twice), ties broken by rarity in jieba's dictionary; each cut
    to the column's 40 characters."""
    counts = Counter(tokens.split())
    jieba.dt.check_initialized()
    common = jieba.dt.FREQ
    ranked = sorted(counts, key=lambda w: (-counts[w], common.get(w, 0), w))
    return list(dict.fromkeys(w[:40] for w in ranked[:INDEX_TOKENS]))


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
) -> list[Match]:
    """The `limit` proposals of the committee most similar to these tokens, best first."""
    query = text_tokens.split()
    if not query:
        return []
    refresh_index(committee_id)
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
    shortlist = list(
        terms.values("proposal_id")
        .annotate(hits=Count("id"))
        .order_by("-hits", "-proposal_id")
        .values_list("proposal_id", flat=True)[:MAX_CANDIDATES]
    )
    rows = list(base.filter(pk__in=shortlist).values_list("pk", "tokens")) if shortlist else []
    scored = []
    for pk, tokens in rows:
        vec = _vector(tokens.split(), index)
        score = sum(w * vec.get(t, 0.0) for t, w in qvec.items())
        if score > 0.05:
            scored.append((score, pk))
    scored.sort(reverse=True)
    top = scored[:limit]
    objects = (
        base.model.objects.filter(pk__in=[pk for _, pk in top])
        .select_related("committee", "proposer", "party", "category")
        .prefetch_related("assignments__reply_category", "assignments__unit")
        .in_bulk()
    )
    return [Match(objects[pk], round(score, 3)) for score, pk in top if pk in objects]


def similar_to_proposal(proposal, limit=TOP) -> list[Match]:
    return similar(proposal.committee_id, proposal.tokens, exclude_id=proposal.pk, limit=limit)


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
