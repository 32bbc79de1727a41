#!/usr/bin/env python
"""Benchmark: the similar-proposal lookup, the proposal list pages and the API lists at scale.

    .venv/bin/python bench/proposals.py [--proposals 100000] [--repeat 5]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL if set, migrating it
and loading the demo organisation if it is empty), adds --proposals synthetic proposals to the
武威 committee (620600) with bulk inserts — every state, one or two assignments for each handled
one, some proposed by `wuwei_member`, some assigned to `wuwei_unit` — and then times:

- the similarity index build (`similarity.refresh_index`) and the first lookup (which counts the
  committee's document frequencies), then warm lookups: a typed title, a planted near-duplicate
  (checked to rank first), and the drafting page's htmx fragment;
- the pages: mine, the review queue, all proposals (plain, filtered, searched, last page), the
  unit inbox (unit and office), the dashboard, the unit-performance page;
- the API lists: /api/v1/proposals/ and /api/v1/assignments/.

For each it prints the median and 95th-percentile time and the number of SQL queries. Nothing here
asserts a time. The synthetic texts are drawn from jieba's own dictionary (themes of specific words
plus Zipf-weighted common words), and their stored tokens are those words: running jieba over
100,000 texts would take several minutes and measure jieba, not Lvzhi. The planted proposal and
every query go through the real tokenizer.
"""

import argparse
import datetime
import itertools
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLANTED = {
    "title": "关于规范城区中小学校外托管机构管理的建议",
    "situation": "城区校外托管机构无证经营、收费混乱，食品安全和消防安全隐患突出。",
    "suggestions": "建立校外托管机构备案登记制度，明确教育、市场监管、消防等部门职责。",
}
QUERY = {
    "title": "关于加强校外托管机构监管的建议",
    "situation": "校外托管机构无证经营，收费混乱，存在消防和食品安全隐患。",
    "suggestions": "建立托管机构备案登记制度，明确监管部门职责。",
}
STATES = [  # (state, weight)
    ("draft", 2),
    ("submitted", 3),
    ("filed", 3),
    ("rejected", 4),
    ("converted", 2),
    ("merged", 2),
    ("withdrawn", 1),
    ("assigned", 20),
    ("replied", 18),
    ("closed", 45),
]


def vocabulary():
    """Content words from jieba's dictionary: (theme words, common words, their cumulative Zipf-like weights)."""
    import jieba

    from lvzhi.proposals.tokens import STOPWORDS, WORD

    words, freqs = [], []
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3 or parts[2] not in ("n", "vn", "v", "nz", "an", "ns", "nt"):
                continue
            word, freq = parts[0], int(parts[1])
            if 2 <= len(word) <= 4 and freq >= 20 and word not in STOPWORDS and WORD.match(word):
                words.append(word)
                freqs.append(freq)
    order = sorted(range(len(words)), key=lambda i: -freqs[i])
    common = [words[i] for i in order[:20000]]
    weights = list(itertools.accumulate(freqs[i] ** 0.7 for i in order[:20000]))
    specific = [words[i] for i in order[5000:60000]]
    return specific, common, weights


def insert_rows(model, rows):
    """Plain executemany inserts (the ORM's bulk_create spends most of its time building model
    instances); every column gets its value or the field's default, prepared for this database;
    the id too when the rows give one (proposals do, assignments do not)."""
    from django.db import connection

    if not rows:
        return
    # a primary key the rows do not give is left to the database (an explicit NULL id fails on PostgreSQL)
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"
    defaults = {f.attname: f.get_default() for f in fields}
    prepared = [
        [f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection) for f in fields] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def generate(committee, n, *, seed=2024):
    """n synthetic proposals of the committee (and their assignments), in bulk."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from lvzhi.accounts.models import User
    from lvzhi.org.models import Membership, Session, Unit
    from lvzhi.proposals.models import Assignment, Proposal, ProposalCategory
    from lvzhi.proposals.services.rules import policy_for

    rng = random.Random(seed)
    policy_for(committee)
    term = committee.current_term()
    sessions = list(Session.objects.filter(term=term).order_by("number").values_list("id", flat=True)) or [None]
    members = list(
        Membership.objects.filter(committee=committee, term=term, status="active").values_list("member_id", flat=True)
    )
    me = User.objects.get(username="wuwei_member").member_id
    my_unit = User.objects.get(username="wuwei_unit").unit_id
    units = list(Unit.objects.filter(committee=committee, is_active=True).values_list("id", flat=True))
    categories = list(ProposalCategory.objects.filter(committee=committee).values_list("id", flat=True))
    specific, common, weights = vocabulary()
    themes = [rng.sample(specific, 8) for _ in range(4000)]
    states = [s for s, w in STATES for _ in range(w)]
    now = timezone.now()
    start = now - datetime.timedelta(days=700)
    next_id = (Proposal.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    serial = Proposal.objects.filter(committee=committee).exclude(serial=None).aggregate(m=Max("serial"))["m"] or 0
    proposals, assignments = [], []

    def flush():
        with transaction.atomic():
            insert_rows(Proposal, proposals)
            insert_rows(Assignment, assignments)
        proposals.clear()
        assignments.clear()

    for i in range(n):
        theme = themes[rng.randrange(len(themes))]
        title_words = rng.sample(theme, 3)
        body = [rng.choice(theme) for _ in range(20)] + rng.choices(common, cum_weights=weights, k=45)
        rng.shuffle(body)
        state = rng.choice(states)
        submitted = start + datetime.timedelta(minutes=rng.randrange(700 * 24 * 60))
        pk = next_id + i
        row = {
            "id": pk,
            "committee_id": committee.pk,
            "term_id": term.pk,
            "session_id": sessions[rng.randrange(len(sessions))],
            "kind": "individual",
            "proposer_id": me if i % 500 == 0 else members[rng.randrange(len(members))],
            "title": f"关于{''.join(title_words)}的建议（{i}）"[:100],
            "category_id": categories[rng.randrange(len(categories))],
            "situation": "，".join(body[:30]) + "。",
            "suggestions": "，".join(body[30:]) + "。",
            "state": state,
            "tokens": " ".join(title_words * 2 + body),
            "tokens_indexed": False,
            "created_at": submitted,
            "updated_at": submitted,
            "submitted_at": submitted if state != "draft" else None,
        }
        if state in ("filed", "assigned", "replied", "closed"):
            serial += 1
            row.update(serial=serial, number=f"合成第{serial:06d}号", filed_at=submitted + datetime.timedelta(days=7))
        if state in ("assigned", "replied", "closed"):
            assigned = submitted + datetime.timedelta(days=15)
            row["assigned_at"] = assigned
            lead = my_unit if i % 7 == 0 else units[rng.randrange(len(units))]
            done = "replied" if state != "assigned" else rng.choice(["pending", "signed"])
            plan = [(lead, "lead")]
            co = units[rng.randrange(len(units))]
            if co != lead and i % 3 == 0:
                plan.append((co, "co"))
            for unit_id, role in plan:
                assignments.append(
                    {
                        "committee_id": committee.pk,
                        "proposal_id": pk,
                        "unit_id": unit_id,
                        "role": role,
                        "state": done,
                        "assigned_at": assigned,
                        "deadline": (assigned + datetime.timedelta(days=90)).date(),
                        "replied_at": assigned + datetime.timedelta(days=60) if done == "replied" else None,
                    }
                )
        proposals.append(row)
        if len(proposals) >= 5000:
            flush()
            print(f"\r  {i + 1} proposals", end="", flush=True)
    flush()
    print(f"\r  {n} proposals")
    with connection.cursor() as cursor:  # PostgreSQL: the id sequences after explicit ids
        for statement in connection.ops.sequence_reset_sql(no_style(), [Proposal, Assignment]):
            cursor.execute(statement)


def timed(fn, repeat):
    from django.db import connection, reset_queries

    timings, queries, result = [], 0, None
    for _ in range(repeat):
        reset_queries()
        t0 = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - t0) * 1000)
        queries = len(connection.queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, queries, result


def row(label, median, p95, queries, note=""):
    print(f"{label:<58} {median:>10.1f} {p95:>8.1f} {queries:>8}  {note}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=100_000, help="synthetic proposals to add (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="requests per page or lookup (default 5)")
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["LVZHI_VAR_DIR"] = tempfile.mkdtemp(prefix="lvzhi-bench-proposals-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    os.environ.setdefault("LVZHI_PLAIN_STATIC", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from lvzhi.accounts.models import User
    from lvzhi.org.models import Committee
    from lvzhi.proposals import services, similarity
    from lvzhi.proposals.models import Proposal, SimilarityTerm

    call_command("migrate", run_syncdb=True, verbosity=0)
    if not Committee.objects.filter(code="620600").exists():
        from lvzhi.org.demo import load as load_org

        t0 = time.perf_counter()
        load_org()
        print(f"demo organisation loaded in {time.perf_counter() - t0:.1f} s")
    committee = Committee.objects.get(code="620600")
    have = Proposal.objects.filter(committee=committee).count()
    if have < args.proposals:
        print(f"generating {args.proposals - have} proposals for {committee.name} …")
        t0 = time.perf_counter()
        generate(committee, args.proposals - have)
        print(f"generated in {time.perf_counter() - t0:.1f} s")
    total = Proposal.objects.filter(committee=committee).count()

    staff = User.objects.get(username="wuwei_staff")
    member = User.objects.get(username="wuwei_member")
    unit = User.objects.get(username="wuwei_unit")
    t0 = time.perf_counter()
    indexed = similarity.refresh_index(committee.pk)
    build = time.perf_counter() - t0
    terms = SimilarityTerm.objects.filter(committee=committee).count()
    print(f"similarity index: {indexed} proposals indexed in {build:.1f} s ({terms} index rows)")

    # a planted near-duplicate, filed through the services
    planted = services.create_proposal(actor=member, committee=committee, data={**PLANTED, "category": "社会建设"})
    services.submit_proposal(actor=member, proposal=planted)
    services.file_proposal(actor=staff, proposal=planted)
    tokens = similarity.tokens_for(QUERY["title"], QUERY["situation"], "", QUERY["suggestions"])
    print(f"\n{total + 1} proposals in {committee.name}; {args.repeat} runs each\n")
    print(f"{'lookup / page':<58} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["*"]):
        similarity._indexes.clear()
        median, _p95, queries, found = timed(lambda: similarity.similar(committee.pk, tokens), 1)
        first = "planted ranks first" if found and found[0].proposal.pk == planted.pk else "PLANTED NOT FIRST"
        row("similar: first lookup (counts document frequencies)", median, median, queries, first)
        median, p95, queries, found = timed(lambda: similarity.similar(committee.pk, tokens), args.repeat)
        first = "planted ranks first" if found and found[0].proposal.pk == planted.pk else "PLANTED NOT FIRST"
        row("similar: near-duplicate of a planted proposal", median, p95, queries, first)
        typed = similarity.tokens_for("关于加强城市停车管理的建议")
        row("similar: a typed title", *timed(lambda: similarity.similar(committee.pk, typed), args.repeat)[:3])
        row(
            "similar: beside a filed proposal (similar_to_proposal)",
            *timed(lambda: similarity.similar_to_proposal(planted), args.repeat)[:3],
        )

        pages = [
            ("drafting fragment (htmx)", member, "/proposals/new/?title=校外托管机构监管", {"HTTP_HX_REQUEST": "true"}),
            ("mine", member, "/proposals/mine/", {}),
            ("review queue", staff, "/proposals/review/", {}),
            ("all proposals", staff, "/proposals/", {}),
            ("all proposals, page 1000", staff, "/proposals/?page=1000", {}),
            ("all: state + category filter", staff, "/proposals/?state=closed&category=社会建设", {}),
            ("all: search", staff, "/proposals/?q=停车", {}),
            ("all: overdue + key", staff, "/proposals/?overdue=1", {}),
            ("unit inbox (unit)", unit, "/proposals/inbox/", {}),
            ("unit inbox (office, all states)", staff, "/proposals/inbox/?state=all", {}),
            ("detail of the planted proposal", staff, f"/proposals/{planted.pk}/", {}),
            ("dashboard", staff, "/proposals/dashboard/", {}),
            ("unit performance", staff, "/proposals/performance/", {}),
            ("API proposals (page_size=50)", staff, "/api/v1/proposals/?page_size=50", {}),
            ("API proposals, filtered", staff, "/api/v1/proposals/?state=assigned&page_size=50", {}),
            ("API assignments (unit)", unit, "/api/v1/assignments/?page_size=50", {}),
        ]
        for label, user, url, headers in pages:
            client = Client()
            client.force_login(user)

            def get(client=client, url=url, headers=headers):
                return client.get(url, **headers)

            median, p95, queries, response = timed(get, args.repeat)
            note = "" if response.status_code == 200 else f"answered {response.status_code}"
            row(label, median, p95, queries, note)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
