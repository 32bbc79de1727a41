"""Several counts in one statement: `counts([qs1, qs2, ...])` answers `[qs1.count(), qs2.count(), ...]`
with one `SELECT (SELECT COUNT(*) FROM (…)), (SELECT COUNT(*) FROM (…)), …` per database, so a page
that shows a dozen counts (the to-do kinds of the side menu and the home page) pays one round trip,
not a dozen. Each count is the queryset's own query with its ordering dropped: the rows it counts are
the rows `.count()` counts (duplicates from joins, `distinct()`, slices alike). `values(parts)` does
the same for counts and single values (`First`: a date a figure is computed from) together.

Several querysets' rows in one statement: `rows([qs1, qs2, ...])` answers `[list(qs1), list(qs2), ...]`
(the to-do centre's first items of a dozen kinds, each of its own model).

`prefetch_present(objects, ...)` prefetches a relation only for the objects whose read said it has
rows (an `EXISTS` annotation): a page whose object has none of its optional lists pays no query for
them."""

from collections import Counter
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, FullResultSet
from django.db import connections
from django.db.models import Prefetch, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.where import AND


class First(NamedTuple):
    """A part of `values`: the one value of the first row of `queryset` (a `values_list` of one field,
    in its order), None when it has no rows."""

    queryset: QuerySet


def counts(querysets: list[QuerySet]) -> list[int]:
    return values(querysets)


def values(parts: list) -> list:
    """`[qs.count()]` for each queryset and `[the first row's value]` for each `First`, in one
    statement per database. Counts over the same tables (the same FROM clause: a dashboard's cards
    over the proposals in scope) are counted in one pass, `COUNT(CASE WHEN … THEN 1 END)` each (`_merged`),
    not one scan each."""
    found: list = [None] * len(parts)
    by_db: dict[str, list[int]] = {}
    for index, part in enumerate(parts):
        by_db.setdefault(_queryset(part).db, []).append(index)
    for db, indexes in by_db.items():
        _read_values(db, [(index, parts[index]) for index in indexes], found)
    return found


def _read_values(db: str, parts: list[tuple[int, object]], found: list) -> None:
    columns: list[tuple[int, str, list]] = []  # (index, the select list's expression, its params)
    shapes: dict[tuple, list[tuple[int, _Shape, QuerySet]]] = {}  # the counts over each FROM clause
    converters: dict[int, tuple] = {}
    # only a count that another count of the batch may share its tables with is taken apart (compiling
    # a query's parts costs what compiling it does)
    models = Counter(_queryset(part).model for _index, part in parts if not isinstance(part, First))
    for index, part in parts:
        qs = _queryset(part)
        if qs.query.is_empty():  # .none(): Django answers 0 (or no row) without asking
            found[index] = None if isinstance(part, First) else 0
            continue
        try:
            if isinstance(part, First):
                compiler = qs[:1].query.get_compiler(db)
                sql, args = compiler.as_sql()
                converters[index] = (compiler, compiler.get_converters([compiler.select[0][0]]))
                columns.append((index, f"({sql})", list(args)))
                continue
            shape = _shape(qs, db) if models[qs.model] > 1 else None
            if shape is not None:
                shapes.setdefault((shape.source, shape.params), []).append((index, shape, qs))
            else:
                columns.append(_count_of(index, qs))
        except EmptyResultSet:  # a condition nothing can meet (`__in=[]`): Django answers so too
            found[index] = None if isinstance(part, First) else 0
    sources, source_params = [], []
    for (source, params), members in shapes.items():
        if len(members) == 1:  # alone over its tables: counted as it stands, from its compiled parts
            index, shape, _qs = members[0]
            sql, args = _merged(source, shape.params, [shape])
            columns.append((index, f"({sql})", args))
            continue
        alias = f"merged_{len(sources)}"
        sql, args = _merged(source, params, [shape for _index, shape, _qs in members])
        sources.append(f"({sql}) AS {alias}")
        source_params.extend(args)
        columns.extend((index, f"{alias}.c{n}", []) for n, (index, _shape, _qs) in enumerate(members))
    if not columns:
        return
    statement = "SELECT " + ", ".join(expression for _index, expression, _params in columns)
    if sources:
        statement += " FROM " + ", ".join(sources)
    params = [param for _index, _expression, args in columns for param in args] + source_params
    with connections[db].cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    for (index, _expression, _params), value in zip(columns, row, strict=True):
        if index in converters:
            compiler, convert = converters[index]
            found[index] = next(iter(compiler.apply_converters([[value]], convert)))[0] if convert else value
        else:
            found[index] = int(value)


def counted(qs: QuerySet) -> QuerySet:
    """The rows `qs.count()` counts, as a query to count: without its ordering (kept when sliced:
    the slice depends on it) and with its rows' ids for columns, which a count does not read — except
    a distinct choice of columns (`values("kind").distinct()`), whose rows are those columns, and a
    union's."""
    query = qs.query
    base = qs if query.is_sliced else qs.order_by()
    if query.combinator or (query.distinct and query.values_select):
        return base
    return base.values("pk")


def _count_of(index: int, qs: QuerySet) -> tuple[int, str, list]:
    sql, args = counted(qs).query.sql_with_params()
    return index, f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})", list(args)


class _Shape(NamedTuple):
    """A count's query as its FROM clause and the conditions its WHERE joins with AND (compiled)."""

    source: str
    params: tuple
    conditions: tuple[tuple[str, tuple], ...]


def _shape(qs: QuerySet, db: str) -> _Shape | None:
    """The count's query as a `_Shape` when counting the rows of its FROM clause that meet its
    conditions counts what `.count()` counts — no DISTINCT, slice, grouping, aggregate or extra — and
    its conditions hold no subquery (evaluated for each row of a pass over the tables, one would cost
    more than its own count). None otherwise: counted on its own."""
    query = qs.query
    if query.distinct or query.is_sliced or query.group_by is not None or query.combinator or query.extra:
        return None
    if query.where.contains_aggregate or query.extra_tables:
        return None
    compiler = qs.order_by().values("pk").query.get_compiler(db)
    compiler.pre_sql_setup()
    if compiler.having or compiler.qualify:
        return None
    source, source_params = compiler.get_from_clause()
    where = compiler.where
    children = where.children if where.connector == AND and not where.negated else [where]
    conditions = []
    for child in children:
        try:
            sql, params = compiler.compile(child)
        except FullResultSet:  # a condition every row meets
            continue
        if "SELECT" in sql.upper():
            return None
        conditions.append((sql, tuple(params)))
    try:
        hash((tuple(source_params), tuple(conditions)))
    except TypeError:  # a parameter that is a list (an array): not grouped
        return None
    return _Shape(" ".join(source), tuple(source_params), tuple(conditions))


def _merged(source: str, source_params: tuple, shapes: list[_Shape]) -> tuple[str, list]:
    """`SELECT COUNT(CASE WHEN <own conditions> THEN 1 END) AS c0, … FROM <source> WHERE <the
    conditions all share> AND (<own conditions of the first> OR …)`: each count over the rows the
    others read too, in one pass (one count alone: `SELECT COUNT(*) AS c0 FROM <source> WHERE …`)."""
    shared = [c for c in shapes[0].conditions if all(c in shape.conditions for shape in shapes[1:])]
    own = [[c for c in shape.conditions if c not in shared] for shape in shapes]
    select, select_params = [], []
    for n, conditions in enumerate(own):
        if conditions:
            select.append(f"COUNT(CASE WHEN {_all(conditions)} THEN 1 END) AS c{n}")
            select_params.extend(p for _sql, params in conditions for p in params)
        else:
            select.append(f"COUNT(*) AS c{n}")
    where = [sql for sql, _params in shared]
    where_params = [p for _sql, params in shared for p in params]
    if all(own):  # else one count takes every row the shared conditions leave
        where.append("(" + " OR ".join(f"({_all(conditions)})" for conditions in own) + ")")
        where_params.extend(p for conditions in own for _sql, params in conditions for p in params)
    sql = f"SELECT {', '.join(select)} FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(f"({w})" for w in where)
    return sql, [*select_params, *source_params, *where_params]


def _all(conditions) -> str:
    return " AND ".join(f"({sql})" for sql, _params in conditions)


def _queryset(part) -> QuerySet:
    return part.queryset if isinstance(part, First) else part


def prefetch_present(objects, *lookups: Prefetch) -> None:
    """`prefetch_related_objects(objects, *lookups)`, except that a relation none of the objects has
    rows in is not read: each object carries `has_<relation>` (an `Exists` annotated on its read), and
    when it is false for all of them the relation is set empty without a query. Each lookup is a
    `Prefetch` of one relation with its queryset."""
    objects = list(objects)
    if not objects:
        return
    for lookup in lookups:
        if not any(getattr(obj, f"has_{lookup.prefetch_through}") for obj in objects):
            lookup = Prefetch(lookup.prefetch_through, lookup.queryset.none(), to_attr=lookup.to_attr)
        prefetch_related_objects(objects, lookup)


def related_keys(obj, names) -> dict[str, list]:
    """The primary keys of several many-to-many relations of one object (an audience's sectors,
    parties, members…), each in key order: `{name: [pk, …]}` in one statement (`rows`)."""
    found = rows([getattr(obj, name).only("pk").order_by("pk") for name in names])
    return {name: [o.pk for o in objects] for name, objects in zip(names, found, strict=True)}


# --- rows -----------------------------------------------------------------------------------------

POSITION = "batch_position"  # the row's place in its queryset's order, annotated for the read


class _Branch(NamedTuple):
    index: int  # the queryset's place in the list asked for
    queryset: QuerySet  # with its position annotated
    compiler: SQLCompiler  # after as_sql(): its select, klass_info and converters build the rows
    sql: str
    params: tuple


def rows(querysets: list[QuerySet]) -> list[list]:
    """`[list(qs1), list(qs2), …]` — the model instances each queryset gives, in its order, with what
    it select_related and annotates — read in one statement per database: the querysets' own
    queries (their slices kept: a page's first items) as one `UNION ALL`, each row carrying its
    queryset's number and its place in that queryset's order (`ROW_NUMBER()` over the same
    ordering). The rows are built by Django's own converters and populators, as `list(qs)` builds
    them. The querysets' columns differ in number and type: on SQLite the shorter rows are padded
    with NULLs; on PostgreSQL each row's columns travel as text (each type's output function) with
    their types, and psycopg's loaders for those types read them back — the values a query of its
    own would give. A queryset that cannot be read so (`distinct()`, a prefetch, `values()`, an
    ordering by a relation's own ordering, another database engine) is read on its own."""
    found: list[list | None] = [None] * len(querysets)
    by_db: dict[str, list[_Branch]] = {}
    for index, qs in enumerate(querysets):
        if qs.query.is_empty():  # .none(): Django answers [] without asking
            found[index] = []
            continue
        branch = _branch(index, qs) if _readable(qs) else None
        if branch is None:
            found[index] = list(qs)
        elif branch.sql:
            by_db.setdefault(qs.db, []).append(branch)
        else:  # a condition nothing can meet (`__in=[]`): Django answers [] too
            found[index] = []
    for db, branches in by_db.items():
        read = _read_sqlite if connections[db].vendor == "sqlite" else _read_postgresql
        for branch, raw in zip(branches, read(db, branches), strict=True):
            found[branch.index] = _instances(branch, raw)
    return found  # type: ignore[return-value]


def _readable(qs: QuerySet) -> bool:
    vendor = connections[qs.db].vendor
    if vendor == "postgresql":
        # imported here: only a PostgreSQL database needs its driver
        from django.db.backends.postgresql.psycopg_any import is_psycopg3

        if not is_psycopg3:
            return False
    elif vendor != "sqlite":
        return False
    query = qs.query
    return (
        qs._iterable_class is ModelIterable
        and not qs._prefetch_related_lookups
        and not qs._known_related_objects
        and not query.distinct  # the position would make every row distinct
        and not query.combinator
        and not query.select_for_update
        and not query.extra_order_by
        and POSITION not in query.annotations
        and all(_plain_order(query, item) for item in _ordering(query))
    )


def _ordering(query) -> list:
    if query.order_by:
        return list(query.order_by)
    return list(query.get_meta().ordering) if query.default_ordering else []


def _plain_order(query, item) -> bool:
    """Whether `item` of an ordering orders the window as it orders the query: not "?", and not a
    relation by name, which the query orders by the related model's own ordering (Django's
    `find_ordering_name`) where a window would order by its key."""
    if not isinstance(item, str):
        return True
    name = item.lstrip("-")
    if name == "?":
        return False
    if name == "pk" or name in query.annotations:
        return True
    opts, field = query.get_meta(), None
    for part in name.split("__"):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return True  # a transform or an extra: ordered alike
        if not field.is_relation:
            return True
        opts = field.related_model._meta
    return field is None or not opts.ordering or getattr(field, "attname", None) == name.split("__")[-1]


def _branch(index: int, qs: QuerySet) -> _Branch | None:
    """The queryset with its position annotated, compiled (`sql` empty when Django knows it has no
    rows); None when it must be read on its own."""
    positioned = qs._chain()
    positioned.query.add_annotation(Window(RowNumber(), order_by=_ordering(qs.query) or None), POSITION)
    compiler = positioned.query.get_compiler(qs.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Branch(index, positioned, compiler, "", ())
    if compiler.has_extra_select:  # ordering columns beyond the selected ones
        return None
    return _Branch(index, positioned, compiler, sql, tuple(params))


def _read_sqlite(db: str, branches: list[_Branch]) -> list[list[tuple]]:
    """One UNION ALL whose branches are padded to the widest. A first branch of NULLs, without rows,
    gives the result's columns no declared type: SQLite's conversions by declared type follow the
    first branch and would touch the other branches' values; so none runs, and Django's converters
    see what they see for an expression's column."""
    width = max(b.compiler.col_count for b in branches)
    parts = ["SELECT " + ", ".join(["NULL"] * (width + 1)) + " WHERE 0"]
    params: list = []
    for n, branch in enumerate(branches):
        padding = ", NULL" * (width - branch.compiler.col_count)
        parts.append(f"SELECT {n}, branch_{n}.*{padding} FROM ({branch.sql}) AS branch_{n}")
        params.extend(branch.params)
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        fetched = cursor.fetchall()
    raw: list[list[tuple]] = [[] for _ in branches]
    for row in fetched:
        raw[row[0]].append(row[1 : branches[row[0]].compiler.col_count + 1])
    return raw


def _read_postgresql(db: str, branches: list[_Branch]) -> list[list[tuple]]:
    """One UNION ALL of (branch, its columns as text, their types). The text is each type's output
    function (`format('%s', …)`: a cast to text differs for booleans), what the server sends for a
    query of its own, so psycopg's loaders for those types give the same values."""
    from psycopg.adapt import Transformer  # imported here: only a PostgreSQL database needs its driver
    from psycopg.pq import Format

    parts, params = [], []
    for n, branch in enumerate(branches):
        names = [f"c{i}" for i in range(branch.compiler.col_count)]
        texts = ", ".join(f"CASE WHEN b.{c} IS NULL THEN NULL ELSE format('%%s', b.{c}) END" for c in names)
        types = ", ".join(f"pg_typeof(b.{c})::oid" for c in names)
        parts.append(f"SELECT {n}, ARRAY[{texts}]::text[], ARRAY[{types}] FROM ({branch.sql}) AS b({', '.join(names)})")
        params.extend(branch.params)
    raw: list[list[tuple]] = [[] for _ in branches]
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        fetched = cursor.fetchall()
        loaders = Transformer(cursor.cursor)  # the cursor's loaders: Django's own registrations included
    for n, texts, oids in fetched:
        raw[n].append(
            tuple(
                None if text is None else loaders.get_loader(oid, Format.TEXT).load(text.encode())
                for text, oid in zip(texts, oids, strict=True)
            )
        )
    return raw


def _instances(branch: _Branch, raw: list[tuple]) -> list:
    """The model instances of `raw` rows as Django's `ModelIterable` builds them, in the queryset's
    order, without the position."""
    compiler, db = branch.compiler, branch.queryset.db
    select, klass_info = compiler.select, compiler.klass_info
    annotations = {name: col for name, col in compiler.annotation_col_map.items() if name != POSITION}
    position = compiler.annotation_col_map[POSITION]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    populators = get_related_populators(klass_info, select, db)
    built = []
    for row in compiler.results_iter([raw]):
        obj = klass_info["model"].from_db(db, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, col in annotations.items():
            setattr(obj, name, row[col])
        built.append((row[position], obj))
    return [obj for _position, obj in sorted(built, key=lambda pair: pair[0])]
