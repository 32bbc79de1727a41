#!/usr/bin/env python
"""A province-sized data set for the load benchmark (issue 19 §1).

    createdb -h 127.0.0.1 -U postgres lvzhi_province
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_province \
        .venv/bin/python bench/province.py [--scale 1] [--seed 19]

Migrates the database given by DATABASE_URL (or a SQLite file under LVZHI_VAR_DIR), loads the demo
when it is empty (`demo --if-empty`: every module's records and the demo accounts), then adds under
the demo's province committee (甘肃省政协) 14 city and 86 county committees (at --scale 1) with:

- members (25,000: a city committee about 2.5 times a county one, ±20 %), their memberships and
  one member account each; 20 units and the proposal categories of each committee;
- activities (≈ 50,000) of every kind over the last two years, clustered around the annual plenary
  session in January; the plenary and standing-committee meetings invite every member, the others
  10–60; attendance (≈ 2,000,000 rows) drawn from each member's own attendance rate (most 70–95 %,
  a few rarely come); speeches at a tenth of the finished activities;
- proposals (≈ 100,000, four per member) with most submitted in the weeks around the plenary
  session, in every state, a fifth with co-proposers, lead and co-unit assignments for the handled
  ones;
- the duty ledger (≈ 2,000,000 events) written by the ledger's own rebuild (`duties.ledger.rebuild`,
  ten committees at a time so memory stays bounded) — the rows the services write where pages read.

Rows go in with COPY on PostgreSQL (executemany on SQLite), and the script ends with VACUUM ANALYZE (ANALYZE on SQLite).
Everything is drawn from one random generator seeded with --seed: the same seed and scale give the
same data set (its dates relative to the day it is built). --scale 0.05 builds a twentieth of the
rows (still 100 committees) for a quick run. The accounts the load benchmark logs in as, all with the demo password
(Lvzhi-demo-2026), are listed in ACCOUNTS.
"""

import argparse
import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CITIES, COUNTIES = 14, 86
MEMBERS, ACTIVITIES_PER_MEMBER, PROPOSALS_PER_MEMBER = 25_000, 2, 4
UNITS = 20
KIND_WEIGHTS = {  # activities of each kind per 100
    "plenary": 1,
    "standing_committee": 2,
    "consultation": 12,
    "inspection": 14,
    "study": 18,
    "training": 10,
    "studio": 20,
    "grassroots": 23,
}
PROPOSAL_STATES = [
    ("draft", 2),
    ("submitted", 3),
    ("filed", 3),
    ("rejected", 5),
    ("converted", 2),
    ("merged", 2),
    ("withdrawn", 1),
    ("assigned", 18),
    ("replied", 19),
    ("closed", 45),
]
# username, role, where (province / city / county), scope with descendants
ACCOUNTS = [
    ("prov_staff", "staff", "province", True),
    ("prov_city_staff", "staff", "city", True),
    ("prov_county_staff", "staff", "county", False),
    ("prov_leader", "leader", "city", True),
    ("prov_member", "member", "city", False),
    ("prov_unit", "unit", "city", False),
]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Province:
    def __init__(self, scale: float, seed: int):
        from bulk import Ids
        from django.utils import timezone

        self.scale = scale
        self.rng = random.Random(seed)
        self.ids = Ids()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.counts = {}

    def add(self, name, n):
        self.counts[name] = self.counts.get(name, 0) + n

    def committees(self, province):
        from lvzhi.org.factories import make_committee
        from lvzhi.org.models import Session, Term

        made = []
        cities = []
        for c in range(CITIES):
            cities.append(
                make_committee(f"{980000 + c * 10:06d}", f"基准第{c + 1}市政协", f"基准{c + 1}市", "city", province)
            )
        made += cities
        for k in range(COUNTIES):
            city = cities[k % CITIES]
            code = f"{int(city.code) + 1 + k // CITIES:06d}"
            made.append(make_committee(code, f"基准第{k + 1}县政协", f"基准{k + 1}县", "county", city))
        start = datetime.date(self.today.year - 2, 1, 10)
        for committee in made:
            term = Term.objects.create(committee=committee, number=5, start_date=start)
            for n in range(3):
                day = datetime.date(start.year + n, 1, 8 + self.rng.randrange(10))
                Session.objects.create(
                    committee=committee, term=term, number=n + 1, start_date=day, end_date=day + datetime.timedelta(3)
                )
        return made

    def members(self, committee, term, password):
        from bulk import write

        from lvzhi.accounts.models import User, UserRole
        from lvzhi.org.demo_names import FEMALE_CHARS, MALE_CHARS, SURNAMES
        from lvzhi.org.models import Member, Membership

        weight = 2.5 if committee.level == "city" else 1.0
        share = MEMBERS * weight / (CITIES * 2.5 + COUNTIES * 1.0)
        n = max(12, int(share * self.scale * self.rng.uniform(0.8, 1.2)))
        members, memberships, users, roles, people = [], [], [], [], []
        for i in range(n):
            female = self.rng.random() < 0.3
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choices(FEMALE_CHARS if female else MALE_CHARS, k=2))
            pk = self.ids.take(Member)
            members.append(
                {"id": pk, "committee_id": committee.pk, "name": name, "name_pinyin": f"w{committee.code}{i:04d}"}
            )
            role = "chair" if i == 0 else ("vice_chair" if i < 5 else ("standing" if i < n // 5 else "member"))
            memberships.append(
                {
                    "id": self.ids.take(Membership),
                    "committee_id": committee.pk,
                    "member_id": pk,
                    "term_id": term.pk,
                    "role": role,
                    "status": "active",
                    "started_on": term.start_date,
                }
            )
            user = self.ids.take(User)
            users.append(
                {
                    "id": user,
                    "username": f"m{committee.code}{i:04d}",
                    "name": name,
                    "password": password,
                    "committee_id": committee.pk,
                    "member_id": pk,
                    "must_change_password": False,
                    "is_active": True,
                }
            )
            roles.append({"id": self.ids.take(UserRole), "user_id": user, "role": "member"})
            # how often this member comes: most 70–95 %, one in ten rarely
            rate = self.rng.uniform(0.1, 0.5) if self.rng.random() < 0.1 else self.rng.uniform(0.7, 0.95)
            people.append((pk, rate))
        for model, rows in ((Member, members), (Membership, memberships), (User, users), (UserRole, roles)):
            self.add(model._meta.label, write(model, rows))
        return people

    def when(self, sessions, spread_days=730):
        """A moment in the last two years: 40 % in the month around a plenary session."""
        if sessions and self.rng.random() < 0.4:
            day = self.rng.choice(sessions) + datetime.timedelta(days=self.rng.randrange(-20, 12))
            moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=self.now.tzinfo)
            return min(moment, self.now - datetime.timedelta(hours=1))
        return self.now - datetime.timedelta(minutes=self.rng.randrange(-30 * 24 * 60, spread_days * 24 * 60))

    def activities(self, committee, people, sessions):
        from bulk import write

        from lvzhi.activities.models import Activity, Attendance, Speech

        kinds = [k for k, w in KIND_WEIGHTS.items() for _ in range(w)]
        n = max(4, len(people) * ACTIVITIES_PER_MEMBER)
        acts, rows, speeches = [], [], []
        for a in range(n):
            kind = kinds[self.rng.randrange(len(kinds))]
            start = self.when(sessions if kind in ("plenary", "standing_committee") else [])
            state = "planned" if start > self.now else ("cancelled" if self.rng.random() < 0.03 else "finished")
            grassroots = kind == "grassroots"
            pk = self.ids.take(Activity)
            acts.append(
                {
                    "id": pk,
                    "committee_id": committee.pk,
                    "kind": kind,
                    "topic": f"{committee.short_name}{kind}活动第{a + 1}次",
                    "start": start,
                    "end": start + datetime.timedelta(hours=self.rng.choice([2, 3, 4, 8])),
                    "state": state,
                    "people_reached": self.rng.randrange(20, 300) if grassroots else 0,
                    "problems_solved": self.rng.randrange(0, 10) if grassroots else 0,
                    "matters_done": self.rng.randrange(0, 6) if grassroots else 0,
                    "created_at": start - datetime.timedelta(days=10),
                }
            )
            if kind in ("plenary", "standing_committee"):
                invited = people
            else:
                invited = self.rng.sample(people, min(len(people), self.rng.randrange(10, 61)))
            for member, rate in invited:
                if state == "planned":
                    value, checked = "invited", None
                else:
                    r = self.rng.random()
                    value = "present" if r < rate else ("excused" if r < rate + (1 - rate) / 2 else "absent")
                    checked = (
                        start + datetime.timedelta(minutes=self.rng.randrange(-30, 10)) if value == "present" else None
                    )
                rows.append(
                    {
                        "id": self.ids.take(Attendance),
                        "committee_id": committee.pk,
                        "activity_id": pk,
                        "member_id": member,
                        "state": value,
                        "checked_in_at": checked,
                        "method": "qr" if checked else "",
                        "invited_at": start - datetime.timedelta(days=7),
                    }
                )
            if state == "finished" and self.rng.random() < 0.1:
                member = invited[self.rng.randrange(len(invited))][0]
                speeches.append(
                    {
                        "id": self.ids.take(Speech),
                        "committee_id": committee.pk,
                        "activity_id": pk,
                        "member_id": member,
                        "title": "关于推进重点工作的发言",
                    }
                )
            if len(rows) >= 50_000:
                self.add("activities.Activity", write(Activity, acts))
                self.add("activities.Attendance", write(Attendance, rows))
                acts, rows = [], []
        self.add("activities.Activity", write(Activity, acts))
        self.add("activities.Attendance", write(Attendance, rows))
        self.add("activities.Speech", write(Speech, speeches))

    def proposals(self, committee, term, people, sessions, session_ids):
        from bulk import write

        from lvzhi.org.models import Unit
        from lvzhi.proposals.models import Assignment, CoProposer, Proposal, ProposalCategory
        from lvzhi.proposals.services.rules import policy_for

        policy_for(committee)
        units = list(
            Unit.objects.bulk_create(
                [Unit(committee=committee, name=f"{committee.short_name}承办单位{i + 1}") for i in range(UNITS)]
            )
        )
        categories = list(ProposalCategory.objects.filter(committee=committee).values_list("id", flat=True))
        states = [s for s, w in PROPOSAL_STATES for _ in range(w)]
        proposals, cos, assignments = [], [], []
        serial = 0
        for i in range(max(4, len(people) * PROPOSALS_PER_MEMBER)):
            state = states[self.rng.randrange(len(states))]
            submitted = self.when(sessions)
            proposer = people[self.rng.randrange(len(people))][0]
            pk = self.ids.take(Proposal)
            title = f"关于{committee.short_name}第{i + 1}项民生工作的建议"
            row = {
                "id": pk,
                "committee_id": committee.pk,
                "term_id": term.pk,
                "session_id": session_ids[self.rng.randrange(len(session_ids))],
                "kind": "individual",
                "proposer_id": proposer,
                "title": title,
                "category_id": categories[self.rng.randrange(len(categories))] if categories else None,
                "situation": "群众反映强烈，相关工作仍有短板。" * self.rng.randrange(2, 12),
                "suggestions": "建议有关部门加强统筹，明确责任，限期解决。" * self.rng.randrange(2, 10),
                "state": state,
                "is_key": self.rng.random() < 0.03,
                "tokens": "民生 工作 建议 部门 统筹 责任",
                "created_at": submitted,
                "updated_at": submitted,
                "submitted_at": None if state == "draft" else submitted,
            }
            if state in ("filed", "assigned", "replied", "closed"):
                serial += 1
                row.update(serial=serial, number=f"第{serial:05d}号", filed_at=submitted + datetime.timedelta(days=7))
            if state in ("assigned", "replied", "closed"):
                assigned = submitted + datetime.timedelta(days=15)
                row["assigned_at"] = assigned
                done = "replied" if state != "assigned" else self.rng.choice(["pending", "signed"])
                lead = units[self.rng.randrange(len(units))]
                plan = [(lead, "lead")]
                if self.rng.random() < 0.3:
                    co = units[self.rng.randrange(len(units))]
                    if co != lead:
                        plan.append((co, "co"))
                for unit, role in plan:
                    assignments.append(
                        {
                            "id": self.ids.take(Assignment),
                            "committee_id": committee.pk,
                            "proposal_id": pk,
                            "unit_id": unit.pk,
                            "role": role,
                            "state": done,
                            "assigned_at": assigned,
                            "deadline": (assigned + datetime.timedelta(days=90)).date(),
                            "replied_at": assigned + datetime.timedelta(days=self.rng.randrange(20, 120))
                            if done == "replied"
                            else None,
                        }
                    )
            if state != "draft" and self.rng.random() < 0.2:
                others = {people[self.rng.randrange(len(people))][0] for _ in range(self.rng.randrange(1, 4))}
                for member in others - {proposer}:
                    cos.append(
                        {
                            "id": self.ids.take(CoProposer),
                            "proposal_id": pk,
                            "member_id": member,
                            "confirmed_at": submitted,
                        }
                    )
            proposals.append(row)
        self.add("proposals.Proposal", write(Proposal, proposals))
        self.add("proposals.CoProposer", write(CoProposer, cos))
        self.add("proposals.Assignment", write(Assignment, assignments))
        return units

    def accounts(self, province, city, county, city_people, unit, password):
        from lvzhi.accounts.choices import Permission
        from lvzhi.accounts.models import User, UserPermission, UserRole

        User.objects.filter(username__in=[a[0] for a in ACCOUNTS]).delete()
        where = {"province": province, "city": city, "county": county}
        for username, role, place, descendants in ACCOUNTS:
            member = None
            if role == "leader":
                member = city_people[0][0]
            elif role == "member":
                member = city_people[7][0]
            if member is not None:  # the account made with the members gives way to this one
                User.objects.filter(member_id=member).delete()
            user = User.objects.create(
                username=username,
                name=username,
                password=password,
                committee=where[place],
                scope_descendants=descendants,
                member_id=member,
                unit=unit if role == "unit" else None,
                must_change_password=False,
            )
            UserRole.objects.create(user=user, role=role)
            if role == "leader":
                UserRole.objects.create(user=user, role="member")
            if role == "staff":
                UserPermission.objects.bulk_create([UserPermission(user=user, permission=p) for p in Permission.values])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the province size (default 1)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--no-ledger", action="store_true", help="skip the duty-ledger rebuild")
    parser.add_argument("--ledger-batch", type=int, default=10, help="committees per ledger rebuild call (default 10)")
    args = parser.parse_args()
    if not 0 < args.scale <= 2:
        raise SystemExit("--scale 应在 0 与 2 之间。")
    if args.ledger_batch < 1:
        raise SystemExit("--ledger-batch 应至少为 1。")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    os.environ.setdefault("LVZHI_PLAIN_STATIC", "1")
    import django

    django.setup()
    from bulk import analyze, reset_sequences
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from lvzhi.accounts.models import User, UserRole
    from lvzhi.activities.models import Activity, Attendance, Speech
    from lvzhi.duties import ledger
    from lvzhi.duties.models import DutyEvent
    from lvzhi.org.demo_accounts import DEMO_PASSWORD
    from lvzhi.org.models import Committee, Member, Membership, Session
    from lvzhi.proposals.models import Assignment, CoProposer, Proposal

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", "--if-empty", verbosity=0)
    province = Committee.objects.get(level="province", parent=None)
    if Committee.objects.filter(code="980000").exists():
        raise SystemExit("这个数据库里已经有基准省的数据：请用一个新的数据库。")
    print(f"{connection.vendor}: demo ready in {time.perf_counter() - started:.0f} s; building scale {args.scale} …")
    p = Province(args.scale, args.seed)
    password = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        made = p.committees(province)
    first_city, first_county, city_people, city_unit = made[0], made[CITIES], None, None
    for number, committee in enumerate(made, 1):
        with transaction.atomic():
            term = committee.current_term()
            sessions = list(Session.objects.filter(term=term).order_by("number"))
            people = p.members(committee, term, password)
            days = [s.start_date for s in sessions if s.start_date <= p.today]
            p.activities(committee, people, days)
            units = p.proposals(committee, term, people, days, [s.pk for s in sessions])
        if committee == first_city:
            city_people, city_unit = people, units[0]
        print(
            f"\r  committee {number}/{len(made)}: {sum(p.counts.values()):,} rows, "
            f"{time.perf_counter() - started:.0f} s",
            end="",
            flush=True,
        )
    print()
    reset_sequences(
        [Member, Membership, User, UserRole, Activity, Attendance, Speech, Proposal, CoProposer, Assignment]
    )
    p.accounts(province, first_city, first_county, city_people, city_unit, password)
    if not args.no_ledger:
        t0 = time.perf_counter()
        step = args.ledger_batch  # ten committees a call by default: memory stays bounded
        for start in range(0, len(made), step):
            ledger.rebuild([c.pk for c in made[start : start + step]], None)
        events = DutyEvent.objects.filter(committee__in=made).count()
        p.add("duties.DutyEvent", events)
        print(f"  duty ledger: {events:,} events in {time.perf_counter() - t0:.0f} s")
    analyze()
    print(f"\n{'table':<28} {'rows':>12}")
    for name, n in sorted(p.counts.items()):
        print(f"{name:<28} {n:>12,}")
    print(f"\ncommittees: {len(made)} added under {province.name}; accounts: {', '.join(a[0] for a in ACCOUNTS)}")
    print(f"built in {time.perf_counter() - started:.0f} s; peak memory {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
