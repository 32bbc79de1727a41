"""The ledger's differences for the producers that state their facts as a query (`facts_query`),
found and mended by the database (lvzhi.duties.ledger calls it for the kinds and committees whose
checksums differ, or for all of them when the ledger holds none of their rows yet).

The wanted rows are the facts query joined to the points in force (`point_spans`: the scoring
schemes' points of each kind over spans of years, one literal table), in SQL (`Wanted`). Then:

- `write`: makes the ledger rows of those kinds and committees (and year) equal to the wanted rows.
  A group the ledger holds nothing of gets one `INSERT … SELECT`; otherwise a DELETE of the rows no
  fact supports, an UPDATE of the rows whose committee, year, day or points differ, and an INSERT
  of the facts that have no row. No row passes through Python; it returns the three counts.
- `read`: the same differences as rows, for a check to report: the ledger's rows that no wanted row
  equals, and the wanted rows that no ledger row equals — only what differs leaves the database.

A row is identified as the unique constraint says (kind, source type, source, member) within the
scope (those committees, and the year when one is given), as the row-by-row comparison in Python
identifies it; the same in SQLite and PostgreSQL.
"""

import datetime
from decimal import Decimal

from django.db import connection

from lvzhi.duties.models import DutyEvent, ScoringScheme

# The years a ledger row can hold (PositiveSmallIntegerField): the bounds of the first and last spans.
FIRST_YEAR, LAST_YEAR = 0, 32767
# the aliases of a wanted row and a ledger row in the statements, and column names used in f-strings
W, E = '"w"', '"e"'
KIND, COMMITTEE, DAY = '"kind"', '"committee_id"', '"day"'
COLUMNS = ("kind", "source_type_id", "source_id", "member_id", "committee_id", "year", "date", "points")


def year_of_sql(vendor: str, column: str) -> str:
    """The year of a date column as an integer."""
    if vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(substr({column}, 1, 4) AS INTEGER)"  # SQLite's dates are 'YYYY-MM-DD' text


def _literal(value) -> str:
    """A kind's code, a number or points as an SQL literal (the spans' table is written inline: it
    may hold thousands of values, more than SQLite takes as parameters)."""
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(int(value))


def scheme_years(ids) -> dict[int, list[int]]:
    """The years from which each of these committees has a scheme of its own in force (one query):
    the points of a kind change only there (`scoring.effective_scheme`: a year's scheme is the
    committee's latest current one of that year or earlier, else the defaults)."""
    years: dict[int, set[int]] = {}
    rows = ScoringScheme.objects.filter(committee_id__in=list(ids), is_current=True).values_list("committee_id", "year")
    for committee_id, year in rows.order_by():
        years.setdefault(committee_id, set()).add(year)
    return {committee_id: sorted(found) for committee_id, found in years.items()}


def point_spans(kinds, ids, book, years: dict[int, list[int]]) -> list[tuple[str, int, int, int, Decimal]]:
    """(kind, committee, first year, last year, points): the points of each kind over each span of
    years between two scheme years of each committee, taken from `book` (so they are the points a
    row-by-row comparison gives) at the first year of the span."""
    spans = []
    for committee_id in sorted(ids):
        starts = [year for year in years.get(committee_id, []) if year > FIRST_YEAR]
        bounds = [FIRST_YEAR, *starts]
        for i, first in enumerate(bounds):
            last = bounds[i + 1] - 1 if i + 1 < len(bounds) else LAST_YEAR
            for kind in kinds:
                spans.append((kind, committee_id, first, last, Decimal(book.points(committee_id, first, kind))))
    return spans


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


class Wanted:
    """The wanted rows of some kinds that share one facts query, in some committees (and a year): a
    WITH clause ending in `"wanted"` (kind, source_id, member_id, committee_id, year, day, points),
    and the ledger's rows of the same scope (`scope(alias)`)."""

    def __init__(self, facts_query, kinds, ct_id, ids, year, spans):
        vendor = connection.vendor
        self.kinds, self.ids, self.year, self.ct = list(kinds), sorted(ids), year, int(ct_id)
        inner, params = facts_query(committee_ids=self.ids, year=year).query.sql_with_params()
        values = ", ".join(f"({', '.join(_literal(v) for v in span)})" for span in spans)
        dated = f'COALESCE("stated_year", {year_of_sql(vendor, DAY)})'
        where = f"{_in(KIND, self.kinds)} AND {_in(COMMITTEE, self.ids)}"
        self.params = [*params, *self.kinds, *self.ids]
        if year is not None:
            where += f" AND {dated} = %s"
            self.params.append(year)
        # SQLite computes the wanted rows once, before any statement joins the ledger to them: left
        # to flatten them into an UPDATE … FROM, it walks the ledger and scans the whole points table
        # for each of its rows (23 s instead of 3 s for the demo's attendance moved by a day)
        materialized = "MATERIALIZED " if vendor == "sqlite" else ""
        self.sql = (
            f'WITH "facts" ("kind", "member_id", "committee_id", "day", "source_id", "stated_year") AS ({inner}), '
            f'"points" ("kind", "committee_id", "first_year", "last_year", "points") AS (VALUES {values}), '
            f'"dated" AS (SELECT "kind", "member_id", "committee_id", "day", "source_id", {dated} AS "year" '
            f'FROM "facts" WHERE {where}), '
            f'"wanted" AS {materialized}(SELECT "d"."kind", "d"."source_id", "d"."member_id", "d"."committee_id", '
            f'"d"."year", '
            f'"d"."day", COALESCE("p"."points", 0) AS "points" FROM "dated" AS "d" LEFT JOIN "points" AS "p" '
            f'ON "p"."kind" = "d"."kind" AND "p"."committee_id" = "d"."committee_id" '
            f'AND "d"."year" BETWEEN "p"."first_year" AND "p"."last_year")'
        )

    def scope(self, alias: str) -> tuple[str, list]:
        """The ledger's rows of these kinds, committees (and year), as `alias`."""
        sql = f"{_in(f'{alias}.{KIND}', self.kinds)} AND {_in(f'{alias}.{COMMITTEE}', self.ids)}"
        params = [*self.kinds, *self.ids]
        if self.year is not None:
            sql += f' AND {alias}."year" = %s'
            params.append(self.year)
        return sql, params

    def same_key(self, row: str, event: str) -> str:
        """A wanted row and a ledger row with the same key (kind, source type, source, member)."""
        return (
            f'{row}."kind" = {event}."kind" AND {event}."source_type_id" = {self.ct} '
            f'AND {row}."source_id" = {event}."source_id" AND {row}."member_id" = {event}."member_id"'
        )

    def same_row(self, row: str, event: str) -> str:
        """… and the same values (committee, year, day, points)."""
        return (
            f'{self.same_key(row, event)} AND {row}."committee_id" = {event}."committee_id" '
            f'AND {row}."year" = {event}."year" AND {row}."day" = {event}."date" AND {row}."points" = {event}."points"'
        )


def _table() -> str:
    return connection.ops.quote_name(DutyEvent._meta.db_table)


def write(wanted: Wanted, *, fresh: bool) -> tuple[int, int, int]:
    """Make the ledger's rows of the scope equal to the wanted rows; `fresh`: the ledger holds none
    of them (one INSERT). Returns (added, deleted, updated)."""
    table = _table()
    names = ", ".join(f'"{c}"' for c in COLUMNS)
    insert = (
        f"INSERT INTO {table} ({names}) {wanted.sql} "
        f'SELECT "w"."kind", {wanted.ct}, "w"."source_id", "w"."member_id", "w"."committee_id", "w"."year", '
        f'"w"."day", "w"."points" FROM "wanted" AS "w"'
    )
    deleted = updated = 0
    with connection.cursor() as cursor:
        if fresh:
            cursor.execute(insert, wanted.params)
            return cursor.rowcount, 0, 0
        # Statements that begin with their verb: SQLite counts the rows of those only, and the figure
        # cache sees them as writes. The DELETE goes by ids with the anti-join inside (PostgreSQL
        # cannot turn a NOT EXISTS holding a WITH into an anti-join).
        scope, scope_params = wanted.scope('"e"')
        cursor.execute(
            f'DELETE FROM {table} WHERE "id" IN ({wanted.sql} SELECT "e"."id" FROM {table} AS "e" WHERE {scope} '
            f'AND NOT EXISTS (SELECT 1 FROM "wanted" AS "w" WHERE {wanted.same_key(W, E)}))',
            [*wanted.params, *scope_params],
        )
        deleted = cursor.rowcount
        target, target_params = wanted.scope(table)
        cursor.execute(
            f'UPDATE {table} SET "committee_id" = "w"."committee_id", "year" = "w"."year", "date" = "w"."day", '
            f'"points" = "w"."points" FROM ({wanted.sql} SELECT * FROM "wanted") AS "w" '
            f'WHERE {wanted.same_key(W, table)} AND {target} AND ({table}."committee_id" <> "w"."committee_id" '
            f'OR {table}."year" <> "w"."year" OR {table}."date" <> "w"."day" OR {table}."points" <> "w"."points")',
            [*wanted.params, *target_params],
        )
        updated = cursor.rowcount
        cursor.execute(
            f'{insert} WHERE NOT EXISTS (SELECT 1 FROM {table} AS "e" WHERE {wanted.same_key(W, E)} AND {scope})',
            [*wanted.params, *scope_params],
        )
        added = cursor.rowcount
    return added, deleted, updated


def _day(value) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def read(wanted: Wanted) -> tuple[list[tuple], list[tuple]]:
    """The differences as rows: the ledger's rows no wanted row equals, as (pk, kind, source type,
    source, member, committee, year, date, points), and the wanted rows no ledger row equals, as
    (kind, source, member, committee, year, date)."""
    table = _table()
    scope, scope_params = wanted.scope(E)
    columns = ", ".join(f'{E}."{c}"' for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f'{wanted.sql} SELECT "e"."id", {columns} '
            f'FROM {table} AS "e" WHERE {scope} AND NOT EXISTS (SELECT 1 FROM "wanted" AS "w" '
            f"WHERE {wanted.same_row(W, E)})",
            [*wanted.params, *scope_params],
        )
        old = [
            (pk, kind, ct, source, member, committee, year, _day(day), Decimal(str(points)).quantize(Decimal("0.1")))
            for pk, kind, ct, source, member, committee, year, day, points in cursor.fetchall()
        ]
        cursor.execute(
            f'{wanted.sql} SELECT "w"."kind", "w"."source_id", "w"."member_id", "w"."committee_id", "w"."year", '
            f'"w"."day" FROM "wanted" AS "w" WHERE NOT EXISTS (SELECT 1 FROM {table} AS "e" WHERE {scope} '
            f"AND {wanted.same_row(W, E)})",
            [*wanted.params, *scope_params],
        )
        new = [
            (kind, source, member, committee, year, _day(day)) for kind, source, member, committee, year, day in cursor
        ]
    return old, new
