#!/usr/bin/env python
"""Benchmark: the full-text search over a province's worth of records.

    .venv/bin/python bench/search.py [--proposals 100000] [--members 25000] [--others 50000] [--runs 40]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL, which must point to an
empty, disposable database: the script migrates it), writes synthetic committees (a province, two
cities, ten counties), members, proposals with numbers, and other records (activities) with Chinese
titles and bodies drawn from the committees' vocabulary — all with bulk_create — then builds the
index with the same bulk build as `manage.py rebuild_search` (jieba, pinyin; timed), and runs each
kind of query --runs times as a city's staff officer (the city and its counties in scope) and as a
member (their committee's filed proposals and their own), through the same selectors as the page:
one page of 20 results and the count per kind. Prints p50/p95/max per query kind and exits 1 when a
p95 passes --budget milliseconds (100).

The full default set takes a few minutes of CPU to build on two cores (86 s for the index on SQLite);
--scale 0.1 gives a quick look. Build once and measure often: --keep PATH (a SQLite file kept) or
DATABASE_URL with --build-only, then --reuse; --reuse --reindex times the index build again.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏")
SURNAMES += ["欧阳", "司马", "上官"]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞宇浩然子涵梓睿博文轩雨欣怡佳琪振兴国庆建军")
PLACES = ["凉州区", "民勤县", "古浪县", "天祝县", "崆峒区", "泾川县", "灵台县", "崇信县", "华亭市", "庄浪县", "静宁县"]
TOPICS = [
    "乡村振兴",
    "节水农业",
    "防沙治沙",
    "生态保护",
    "文旅融合",
    "中小学教育",
    "职业教育",
    "医疗卫生",
    "养老服务",
    "城市更新",
    "老旧小区改造",
    "停车管理",
    "营商环境",
    "民营经济",
    "特色产业",
    "苹果产业",
    "葡萄产业",
    "草原保护",
    "河道治理",
    "饮水安全",
    "数字政府",
    "基层治理",
    "社区服务",
    "就业创业",
    "人才引进",
    "非遗传承",
    "文物保护",
    "交通运输",
    "物流园区",
    "新能源",
    "光伏发电",
    "风电项目",
    "黄河流域",
    "石羊河",
    "祁连山",
    "冬季供暖",
]
VERBS = ["加强", "完善", "推进", "优化", "提升", "规范", "支持", "促进"]
SENTENCES = [
    "目前{p}{t}工作取得一定成效，但仍存在资金投入不足、专业人才缺乏等问题。",
    "建议由相关部门牵头，制定{t}专项规划，明确责任分工和时间节点。",
    "部分乡镇{t}基础设施薄弱，群众反映强烈，需要统筹解决。",
    "应当建立健全{t}长效机制，加大财政支持力度，引导社会资本参与。",
    "委员在调研中发现，{p}的{t}存在政策落实不到位、部门协调不畅等情况。",
    "建议加强{t}宣传引导，提高群众知晓率和参与度。",
]
QUERIES = {
    "common word (教育)": ["教育", "建议", "问题", "机制", "资金"],
    "topic word (节水农业)": ["节水农业", "防沙治沙", "文旅融合", "养老服务", "停车管理", "光伏发电"],
    "two words (古浪县 生态)": ["古浪县 生态", "民勤县 节水", "静宁县 苹果", "崆峒区 文旅", "天祝县 草原"],
    "word in compound (振兴)": ["振兴", "治沙", "文旅", "供暖", "改造"],
    "member initials (zwj)": ["zw", "lj", "oyzh", "wang", "zhangwei"],
    "proposal number (案号)": [],  # filled with real numbers
    "synonym (提案 = 建议)": ["提案 停车", "提案 供暖"],
}


def build(scale: float, seed: int = 20261206) -> dict:
    from django.utils import timezone

    from lvzhi.activities.models import Activity
    from lvzhi.org.models import Committee, Member, Term
    from lvzhi.proposals.models import Proposal

    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    n_proposals, n_members, n_others = (int(v * scale) for v in (100_000, 25_000, 50_000))

    def save(committee):
        committee.path = committee.compute_path()
        committee.save()
        return committee

    province = save(Committee(code="620000", name="甘肃省政协", short_name="省政协", level="province"))
    cities = [
        save(Committee(code="620600", name="武威市政协", short_name="武威市", level="city", parent=province)),
        save(Committee(code="620800", name="平凉市政协", short_name="平凉市", level="city", parent=province)),
    ]
    counties = [
        save(
            Committee(
                code=f"{cities[i // 5].code[:4]}{i % 5 + 2:02d}",
                name=f"{place}政协",
                short_name=place,
                level="county",
                parent=cities[i // 5],
            )
        )
        for i, place in enumerate(PLACES[:10])
    ]
    committees = cities + counties
    terms = {c.pk: Term.objects.create(committee=c, number=5, start_date=datetime.date(2022, 1, 1)) for c in committees}

    def name():
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    members = Member.objects.bulk_create(
        [Member(committee=committees[i % len(committees)], name=name()) for i in range(n_members)], batch_size=2000
    )
    by_committee = {}
    for m in members:
        by_committee.setdefault(m.committee_id, []).append(m)

    def text(place, topic, sentences):
        return "".join(
            rng.choice(SENTENCES).format(p=place, t=rng.choice((topic, rng.choice(TOPICS)))) for _ in range(sentences)
        )

    batch, serials = [], {}
    for i in range(n_proposals):
        committee = committees[i % len(committees)]
        place, topic = rng.choice(PLACES), rng.choice(TOPICS)
        day = datetime.datetime(2022 + i % 4, 1 + i % 12, 1 + i % 28, 9, tzinfo=tz)
        serials[committee.pk] = serials.get(committee.pk, 0) + 1
        batch.append(
            Proposal(
                committee=committee,
                term=terms[committee.pk],
                proposer=rng.choice(by_committee[committee.pk]),
                title=f"关于{rng.choice(VERBS)}{place}{topic}的建议",
                situation=text(place, topic, 4),
                analysis=text(place, topic, 2),
                suggestions=text(place, topic, 3),
                state="closed" if i % 10 else "draft",
                number=f"五届{1 + i % 4}次会议第{serials[committee.pk]:05d}号" if i % 10 else "",
                submitted_at=day,
                filed_at=day,
            )
        )
        if len(batch) == 5000:
            Proposal.objects.bulk_create(batch)
            batch = []
    Proposal.objects.bulk_create(batch)
    kinds = ["consultation", "inspection", "study", "training", "studio", "grassroots"]
    batch = []
    for i in range(n_others):
        place, topic = rng.choice(PLACES), rng.choice(TOPICS)
        start = datetime.datetime(2022 + i % 4, 1 + i % 12, 1 + i % 28, 9, tzinfo=tz)
        batch.append(
            Activity(
                committee=committees[i % len(committees)],
                kind=kinds[i % len(kinds)],
                topic=f"{place}{topic}{rng.choice(['专题协商会', '调研', '视察', '座谈会'])}",
                description=text(place, topic, 2),
                start=start,
                end=start + datetime.timedelta(hours=2),
                state="finished",
            )
        )
        if len(batch) == 5000:
            Activity.objects.bulk_create(batch)
            batch = []
    Activity.objects.bulk_create(batch)
    return {"proposals": n_proposals, "members": n_members, "others": n_others, "city": cities[0]}


def server_clock(connection):
    """A function giving the database server's CPU time for this connection in nanoseconds (the
    PostgreSQL backend process's time on a CPU), or None (SQLite, a remote server, no schedstat)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    try:
        path.read_text()
    except OSError:
        return None
    return lambda: int(path.read_text().split()[0])


def explain(connection, label, search):
    """Run `search` once, then each statement it sent again under EXPLAIN ANALYZE, printing the plans
    and (PostgreSQL) the planning and execution times the server reports."""
    sent = []

    def capture(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        search()
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for number, (sql, params) in enumerate(sent, 1):
        print(f"--- {label}, statement {number} of {len(sent)}: {sql[:300]}{'…' if len(sql) > 300 else ''}")
        if sql.lstrip().upper().startswith("EXPLAIN"):  # the planner's estimate of a count: nothing runs
            continue
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
        for row in rows:
            print("    " + " | ".join(str(v) for v in row))
        print(f"    (client wall {1000 * (time.perf_counter() - started):.1f} ms)")


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the default numbers of records")
    parser.add_argument("--runs", type=int, default=40, help="runs per query kind and user")
    parser.add_argument("--budget", type=float, default=100.0, help="p95 budget in milliseconds")
    parser.add_argument(
        "--keep",
        default="",
        metavar="PATH",
        help="SQLite: build into this database file and keep it (instead of a temporary one), for --reuse later",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the records and the index a run before built (in --keep PATH or DATABASE_URL); build only if "
        "the database holds none",
    )
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="with --reuse: empty the index and time its bulk build again over the records kept",
    )
    parser.add_argument("--build-only", action="store_true", help="build the records and the index, run no query")
    parser.add_argument("--backend", default="", help="a search backend class (dotted path) to measure instead")
    parser.add_argument(
        "--pragma",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="SQLite: a PRAGMA to set on the connection before measuring (e.g. mmap_size=0 to compare with the "
        "settings' own); may be given more than once",
    )
    parser.add_argument(
        "--explain",
        default="",
        metavar="QUERY",
        help="print the plans (EXPLAIN ANALYZE, with BUFFERS on PostgreSQL) of the statements one search sends "
        "for QUERY as the staff officer and as the member, and run nothing else",
    )
    args = parser.parse_args()

    if args.keep:
        if "DATABASE_URL" in os.environ:
            parser.error("--keep names a SQLite file; with DATABASE_URL the database is kept anyway")
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.keep).resolve()}"
    elif "DATABASE_URL" not in os.environ:
        os.environ["LVZHI_VAR_DIR"] = tempfile.mkdtemp(prefix="lvzhi-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    os.environ.setdefault("LVZHI_PLAIN_STATIC", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from lvzhi.accounts.choices import Permission, Role
    from lvzhi.accounts.factories import make_user
    from lvzhi.accounts.models import User
    from lvzhi.org.models import Committee
    from lvzhi.proposals.models import Proposal
    from lvzhi.search import selectors, services, signals
    from lvzhi.search.backends import TABLE, backend
    from lvzhi.search.models import SearchEntry

    call_command("migrate", verbosity=0)
    if args.backend:
        from django.conf import settings

        settings.LVZHI_SEARCH_BACKEND = args.backend
    print(f"database: {connection.vendor}; backend: {type(backend()).__module__}.{type(backend()).__name__}")
    reuse = args.reuse and Proposal.objects.exists()
    if reuse and not args.reindex:
        print(f"reusing the records and the index: {SearchEntry.objects.count():,} entries")
        if connection.vendor == "postgresql":  # a migration may have rewritten the entries
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE search_searchentry")
    else:
        if reuse:
            started = time.perf_counter()
            with connection.cursor() as cursor:  # on SQLite the triggers empty the FTS5 table
                cursor.execute(f"{'TRUNCATE' if connection.vendor == 'postgresql' else 'DELETE FROM'} {TABLE}")
            print(f"index emptied in {time.perf_counter() - started:.1f} s")
        else:
            started = time.perf_counter()
            with transaction.atomic(), signals.pause():
                made = build(args.scale)
            print(
                f"records: {made['proposals']:,} proposals, {made['members']:,} members, {made['others']:,} "
                f"activities in {time.perf_counter() - started:.1f} s"
            )
        print(f"load average before the index build: {loadavg()}")
        server = server_clock(connection)
        started, started_cpu, started_server = time.perf_counter(), time.process_time(), server() if server else 0
        services.rebuild()
        served = f", the server's {(server() - started_server) / 1e9:.1f} s" if server else ""
        print(
            f"index build: {SearchEntry.objects.count():,} entries in {time.perf_counter() - started:.1f} s "
            f"(CPU: this process's {time.process_time() - started_cpu:.1f} s{served}; load average after: {loadavg()})"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    if args.build_only:
        return

    city = Committee.objects.get(code="620600")
    staff = User.objects.filter(username="bench_staff").first() or make_user(
        "bench_staff", roles=[Role.STAFF], committee=city, scope_descendants=True, permissions=list(Permission)
    )
    person = Proposal.objects.filter(committee=city).select_related("proposer").order_by("pk").first().proposer
    member = User.objects.filter(username="bench_member").first() or make_user(
        "bench_member", roles=[Role.MEMBER], committee=city, member=person
    )
    QUERIES["proposal number (案号)"] = list(
        Proposal.objects.filter(committee=city).exclude(number="").order_by("?").values_list("number", flat=True)[:10]
    )

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for pragma in args.pragma:
                cursor.execute(f"PRAGMA {pragma}")
            shown = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "mmap_size")}
        print("pragmas: " + ", ".join(f"{name}={value}" for name, value in shown.items()))
    if args.explain:
        for label, user in (("staff", staff), ("member", member)):
            explain(
                connection,
                label,
                lambda user=user: selectors.search(user, selectors.parse_params(user, {"q": args.explain})),
            )
        return

    failed = False
    # wall time, and this process's CPU time (on SQLite the whole search runs in it: what the search
    # costs when the machine is not shared); on PostgreSQL also the server's CPU time for the search:
    # the backend process's time on a CPU (/proc/<pid>/schedstat, nanoseconds), when the server runs
    # on this machine and its /proc is readable
    server = server_clock(connection)
    print(f"load average at start: {loadavg()}")
    columns = ("p50 ms", "p95 ms", "max ms", "cpu p50", "cpu p95")
    if server:
        columns += ("srv p50", "srv p95", "all p95")
    print(f"{'query kind':<28} {'user':<7} " + " ".join(f"{c:>8}" for c in columns) + f" {'hits':>9}")
    for kind, queries in QUERIES.items():
        for label, user in (("staff", staff), ("member", member)):
            timings, cpu, served, both, hits, estimated = [], [], [], [], 0, False
            for run in range(args.runs):
                q = queries[run % len(queries)]
                started_server = server() if server else 0
                started, started_cpu = time.perf_counter(), time.process_time()
                params = selectors.parse_params(user, {"q": q})
                results, counts = selectors.search(user, params, limit=20)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                if server:
                    served.append((server() - started_server) / 1e6)
                    both.append(cpu[-1] + served[-1])
                hits = max(hits, sum(counts.values()))
                estimated |= counts.is_estimated()
            p95 = percentile(timings, 95)
            failed |= p95 > args.budget
            shown = f"~{hits:,}" if estimated else f"{hits:,}"
            more = ""
            if server:
                more = f" {statistics.median(served):8.1f} {percentile(served, 95):8.1f} {percentile(both, 95):8.1f}"
            print(
                f"{kind:<28} {label:<7} {statistics.median(timings):8.1f} {p95:8.1f} {max(timings):8.1f} "
                f"{statistics.median(cpu):8.1f} {percentile(cpu, 95):8.1f}{more} {shown:>9}"
            )
    print(f"load average at the end: {loadavg()}")
    if failed:
        print(f"a p95 is over the {args.budget:.0f} ms budget")
        sys.exit(1)


if __name__ == "__main__":
    main()
