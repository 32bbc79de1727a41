"""Remote pickers: a choice among more records than a page may carry (a province's members, units,
users) renders only what is chosen, and the picker asks the server for matches as the user types.

A form names where a field's records come from with `remote_choices(field, builder, *args)`: the
field's queryset is `builder(*args)` (the builder is a function registered with `@choice_source`;
the token carries its arguments with each record replaced by its id), so the form validates a POST
against it exactly as before. When that queryset holds more than core.forms.REMOTE_PICKER_MIN
records (one query of at most that many + 1 rows tells), the
<select> renders only the chosen options and `data-picker-url`: the one search address
(core:picker) with a signed token naming the builder, its arguments and the user who was shown the
form. The search rebuilds the same queryset from the token — so it offers nothing the form would
refuse — and answers only that user, logged in, within the token's life. Nobody can name a builder
or arguments of their own (the token is signed) nor use another user's token.
"""

import contextlib
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse

from lvzhi.core import context

# how long a form's search address answers (a form left open over a working day still searches)
TOKEN_MAX_AGE = 12 * 3600
# matches per search: enough to scroll, few enough to answer at once
MATCHES = 50
_SALT = "lvzhi.core.pickers"
_SOURCES: dict[str, "Source"] = {}
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Source:
    """A registered queryset builder and the columns a search matches: `text` (contains what was
    typed), `pinyin` and `initials` (contain the typed letters, "zs" finds 张三), `code` (starts with
    it). A source without pinyin columns is searched in Python over (id, text) rows."""

    key: str
    build: Callable[..., models.QuerySet]
    text: str = "name"
    pinyin: str = ""
    initials: str = ""
    code: str = ""
    label: Callable = str


def choice_source(build=None, *, text="name", pinyin="", initials="", code="", label=str):
    """Registers a queryset builder whose records a form's field may search remotely; `label` is
    what a match shows (the field's own label_from_instance, str by default)."""

    def register(function):
        key = f"{function.__module__}.{function.__qualname__}"
        _SOURCES[key] = Source(key, function, text, pinyin, initials, code, label)
        function.choice_source_key = key
        return function

    return register(build) if build is not None else register


def source_of(key: str) -> Source | None:
    """The registered source `key` names (its module is imported on first use: a search can come
    before any page of the module was served)."""
    module = key.rsplit(".", 1)[0]
    while key not in _SOURCES and module.startswith("lvzhi."):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
        module = module.rpartition(".")[0]
    return _SOURCES.get(key)


def plain_args(args) -> list:
    """The builder's arguments as the token carries them: a record becomes its id."""
    return [a.pk if isinstance(a, models.Model) else a for a in args]


def search_url(key: str, args) -> str:
    """The search address of a source for the current request's user (a form rendered outside a
    request, e.g. by a test, gets a token no user can use)."""
    user = context.current_user()
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    token = signing.dumps({"s": key, "a": list(args), "u": user_id}, salt=_SALT, compress=True)
    return f"{reverse('core:picker')}?t={token}"


def source_from_token(token: str, user) -> tuple[Source, list] | None:
    """The source and arguments a token names, if it is sound, alive and the user's; else None."""
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") is None or data.get("u") != user.pk:
        return None
    source = source_of(str(data.get("s")))
    if source is None or not isinstance(data.get("a"), list):
        return None
    return source, data["a"]


def _compact(query: str) -> str:
    return re.sub(r"[^a-z0-9]", "", query.lower())


def search(source: Source, args: list, query: str) -> list[tuple]:
    """Up to MATCHES (record, label) pairs of the source's queryset matching `query`: its text
    contains it, or (letters typed) its pinyin or initials contain them, or its code starts with it.
    An empty query matches the first records."""
    queryset, label = source.build(*args), source.label
    query = (query or "").strip()[:50]
    compact = _compact(query)
    if not query:
        return [(obj, label(obj)) for obj in queryset[:MATCHES]]
    if source.pinyin or _HAN.search(query) or not compact:
        condition = Q(**{f"{source.text}__icontains": query})
        if compact and not _HAN.search(query):
            for column in (source.pinyin, source.initials):
                if column:
                    condition |= Q(**{f"{column}__contains": compact})
        if source.code:
            condition |= Q(**{f"{source.code}__startswith": query})
        return [(obj, label(obj)) for obj in queryset.filter(condition)[:MATCHES]]
    # letters for a source without pinyin columns: its (id, text) rows, matched as the inline picker does
    from lvzhi.core.forms import pinyin_keys

    ids = []
    for pk, text in queryset.values_list("pk", source.text).iterator():
        keys = pinyin_keys(text).split(" ")
        if query.lower() in str(text).lower() or any(compact in key for key in keys if key):
            ids.append(pk)
            if len(ids) == MATCHES:
                break
    by_id = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [(by_id[pk], label(by_id[pk])) for pk in ids if pk in by_id]
