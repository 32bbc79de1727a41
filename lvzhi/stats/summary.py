"""The work-summary generator: templates with figure placeholders, rounding, rendering.

A placeholder names one figure (or a sum of figures) and how to write it:

    {{ figure:activities.outcomes | scope=self | period=term | round=exact }}
    {{ figure:activities.party_speeches + opinions.party_reports | period=term | note=P24 会议发言及社情民意信息 }}

Options (all optional):

- ``scope``  ``self`` (default: the committee alone), ``tree`` (with its lower committees) or
  ``lower`` (the lower committees only: 县区 of a city);
- ``period`` ``term``, ``current``, ``cumulative``, ``year`` (this year), ``year:2024``,
  ``since:2024-01-01``, ``range:2024-01-01..2024-06-30`` — relative to the date the summary is
  rendered as of; by default the figure's own (the term where the figure is defined for it);
- ``round``  ``exact`` (default), ``余`` or ``多`` (a round number at or below the value followed by
  余/多: 253 → 250余, 183 → 180多, 19087 → 1.9万余), ``近`` (a round number just above: 396 → 近400),
  ``万`` (21046 → 2.1万), ``中文`` (a whole number in Chinese numerals: 22 → 二十二);
- ``div``    ``万`` or ``亿``: the value is first divided (a sum in 元 written as 万元 or 亿元);
- ``digits`` decimals kept by ``exact`` and ``万`` (default: none for whole numbers, 2 otherwise; 1 for 万);
- ``note``   how a missing figure is named in the text, e.g. ``W10 工作机制``.

A names placeholder writes the names the records of a figure hold (the figure declares which field
names them, `Figure.names`), the most frequent first, each linked to its records in the preview:

    {{ names:activities.training_partners | top=2 }}         复旦大学、浙江大学
    {{ names:wenshi.volumes | period=cumulative | quote=《》 }}  《人文武威》《武威文史》

with ``scope``, ``period`` and ``note`` as above, ``top`` (how many names, 1–20, default 5) and
``quote`` (``《》`` or ``“”``: each name is wrapped in it, and no 、 is put between them).

A figure whose key no module registers is written as a red missing marker 【缺：note】, never as a
number; a figure that cannot be computed for the options is written as 【误：message】.

The body is plain text: paragraphs separated by blank lines; a paragraph starting with ``# `` is a
heading.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lvzhi.core import registry
from lvzhi.core.errors import Invalid, ServiceError
from lvzhi.core.numerals import chinese
from lvzhi.core.periods import parse_period
from lvzhi.stats.selectors import derived, evaluate, named, plain, records

PLACEHOLDER = re.compile(r"\{\{\s*(?P<kind>figure|names)\s*:(?P<keys>[^|}]*)(?P<options>(?:\|[^}]*)?)\}\}")
KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$")
OPTIONS = ("scope", "period", "round", "div", "digits", "note")
NAME_OPTIONS = ("scope", "period", "note", "top", "quote")
QUOTES = {"《》": ("《", "》"), "“”": ("“", "”")}
ROUNDINGS = ("exact", "余", "多", "近", "万", "中文")
DIVISORS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
WAN = Decimal(10_000)


# --- rounding -----------------------------------------------------------------------------------


def _number(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _plain(number: Decimal, digits: int | None = None) -> str:
    """A number as the text writes it: no trailing zeros unless `digits` asks for them."""
    if digits is not None:
        return f"{number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):f}"
    if number == number.to_integral_value():
        return f"{number.to_integral_value():f}"
    text = f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".")


def _step(n: Decimal) -> Decimal:
    """The rounding unit keeps two significant digits (tens below a thousand): 253 → 250,
    1186 → 1100, 19087 → 19000 (1.9万), 2601234 → 2600000 (260万)."""
    digits = len(str(int(n)))
    return Decimal(10) ** max(1, digits - 2)


def _wan(n: Decimal) -> str:
    """A multiple of 1000 written in 万: 19000 → 1.9万, 20000 → 2万."""
    return _plain((n / WAN).normalize()) + "万"


def _round_to(n: Decimal, rounding) -> Decimal:
    step = _step(n)
    return (n / step).to_integral_value(rounding=rounding) * step


def _written(n: Decimal) -> str:
    return _wan(n) if n >= 10_000 else _plain(n)


def format_value(value, mode: str = "exact", *, div: str = "", digits: int | None = None) -> str:
    """Write a figure's value as a summary does (see the module docstring)."""
    if value is None:
        return "—"
    n = _number(value)
    if div:
        n = n / DIVISORS[div]
    mode = mode or "exact"
    if mode == "exact":
        return _plain(n, digits)
    if mode == "万":
        if n < 10_000:
            return _plain(n, digits)
        return _plain(n / WAN, 1 if digits is None else digits).rstrip("0").rstrip(".") + "万"
    if mode == "中文":
        return chinese(int(n.to_integral_value(rounding=ROUND_HALF_UP)))
    if n < 10:
        return _plain(n, digits)
    if mode in ("余", "多"):
        below = _round_to(n, ROUND_FLOOR)
        return _written(below) + ("" if below == n else mode)
    if mode == "近":
        above = _round_to(n, ROUND_CEILING)
        return ("" if above == n else "近") + _written(above)
    raise Invalid(errors={"round": [_("取整方式应为 exact、余、多、近、万 或 中文。")]})


# --- parsing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    source: str
    keys: tuple[str, ...]
    scope: str = "self"
    period: str = ""  # empty: the figure's own default (term where defined, else current)
    round: str = "exact"
    div: str = ""
    digits: int | None = None
    note: str = ""
    kind: str = "figure"  # figure | names
    top: int = 5
    quote: str = ""

    @property
    def name(self) -> str:
        return self.note or " + ".join(self.keys)


def parse_placeholder(match: re.Match) -> Placeholder:
    """One placeholder; Invalid (422) naming the problem when it is malformed."""
    source = match.group(0)
    problems = []
    kind = match.group("kind")
    keys = tuple(k.strip() for k in match.group("keys").split("+"))
    if not keys or any(not KEY.match(k) for k in keys):
        problems.append(_("统计口径名称不正确：%(s)s") % {"s": source})
    if kind == "names" and len(keys) > 1:
        problems.append(_("名称占位符只能引用一个统计口径：%(s)s") % {"s": source})
    options: dict = {"kind": kind}
    allowed = NAME_OPTIONS if kind == "names" else OPTIONS
    for part in match.group("options").split("|")[1:]:
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or name not in allowed:
            problems.append(_("未知的选项“%(o)s”：%(s)s") % {"o": part.strip(), "s": source})
            continue
        options[name] = value
    if options.get("scope", "self") not in ("self", "tree", "lower"):
        problems.append(_("范围应为 self、tree 或 lower：%(s)s") % {"s": source})
    if options.get("round", "exact") not in ROUNDINGS:
        problems.append(_("取整方式应为 exact、余、多、近、万 或 中文：%(s)s") % {"s": source})
    if options.get("div", "") not in ("", *DIVISORS):
        problems.append(_("div 应为 万 或 亿：%(s)s") % {"s": source})
    digits = options.get("digits")
    if digits is not None:
        if not (digits.isascii() and digits.isdigit()) or int(digits) > 4:
            problems.append(_("digits 应为 0 到 4 的整数：%(s)s") % {"s": source})
        else:
            options["digits"] = int(digits)
    top = options.get("top")
    if top is not None:
        if not (top.isascii() and top.isdigit()) or not 1 <= int(top) <= 20:
            problems.append(_("top 应为 1 到 20 的整数：%(s)s") % {"s": source})
        else:
            options["top"] = int(top)
    if options.get("quote", "") not in ("", *QUOTES):
        problems.append(_("quote 应为 《》 或 “”：%(s)s") % {"s": source})
    period = options.get("period", "")
    if period:
        try:
            parse_period(period, as_of=datetime.date(2000, 1, 1), term_start=datetime.date(2000, 1, 1))
        except Invalid:
            problems.append(_("无法识别的统计期间：%(s)s") % {"s": source})
    if problems:
        raise Invalid(errors={"body": problems})
    options["period"] = period
    return Placeholder(source=source, keys=keys, **options)


def check_body(body: str) -> list[Placeholder]:
    """Every placeholder of a body, or Invalid listing every malformed one (and stray braces)."""
    found, problems = [], []
    for match in PLACEHOLDER.finditer(body or ""):
        try:
            found.append(parse_placeholder(match))
        except Invalid as exc:
            problems.extend(exc.errors["body"])
    rest = PLACEHOLDER.sub("", body or "")
    if "{{" in rest or "}}" in rest:
        problems.append(_("有未闭合或无法识别的占位符（以 {{ figure: 或 {{ names: 开头，以 }} 结尾）。"))
    if problems:
        raise Invalid(errors={"body": problems})
    return found


# --- rendering ----------------------------------------------------------------------------------


@dataclass
class Part:
    """One placeholder filled in: its text, or why it is missing."""

    placeholder: Placeholder
    text: str = ""
    value: object = None
    missing: bool = False
    error: str = ""
    links: list[tuple[str, str, object]] = field(default_factory=list)  # (key, url, value)
    names: list[tuple[str, str, int]] = field(default_factory=list)  # names placeholder: (name, url, records)

    @property
    def marker(self) -> str:
        if self.missing:
            return f"【缺：{self.placeholder.name}】"
        if self.error:
            return f"【误：{self.placeholder.name}：{self.error}】"
        return ""

    @property
    def shown(self) -> str:
        return self.marker or self.text


@dataclass
class Paragraph:
    heading: bool
    parts: list  # str | Part


@dataclass
class Rendered:
    title: str
    subtitle: str
    committee: object
    as_of: datetime.date
    paragraphs: list[Paragraph]

    @property
    def filled(self) -> list[Part]:
        return [p for para in self.paragraphs for p in para.parts if isinstance(p, Part)]

    @property
    def missing(self) -> list[Part]:
        return [p for p in self.filled if p.missing or p.error]

    def text(self) -> str:
        lines = [self.title]
        if self.subtitle:
            lines.append(self.subtitle)
        for para in self.paragraphs:
            lines.append("")
            lines.append("".join(p if isinstance(p, str) else p.shown for p in para.parts))
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        """The body as HTML: each figure links to its records; missing ones are marked in red."""
        out = []
        for para in self.paragraphs:
            inner = mark_safe("".join(str(_part_html(p)) for p in para.parts))
            if para.heading:
                out.append(format_html('<h2 class="summary-heading">{}</h2>', inner))
            else:
                out.append(format_html('<p class="summary-paragraph">{}</p>', inner))
        return mark_safe("\n".join(str(x) for x in out))


def _names_html(part):
    opening, closing = QUOTES.get(part.placeholder.quote, ("", ""))
    separator = "" if opening else "、"
    return format_html_join(
        separator,
        '<a class="summary-name" href="{}" title="{}" data-figure="{}">{}{}{}</a>',
        (
            (url, _("%(n)s 条记录") % {"n": count}, part.placeholder.keys[0], opening, name, closing)
            for name, url, count in part.names
        ),
    )


def _figure_label(key: str) -> str:
    """A figure's name for a tooltip (the key is for the template, not the reader)."""
    figure = registry.figures().get(key)
    return str(figure.label) if figure is not None else key


def _part_html(part):
    if isinstance(part, str):
        return format_html("{}", part)
    if part.marker:
        return format_html(
            '<span class="summary-missing text-danger fw-bold" data-missing="{}">{}</span>',
            " + ".join(part.placeholder.keys),
            part.marker,
        )
    if part.placeholder.kind == "names":
        return _names_html(part)
    first_url = part.links[0][1] if part.links else ""
    title = " + ".join(f"{_figure_label(key)}：{value}" for key, _url, value in part.links)
    html = format_html(
        '<a class="summary-figure" href="{}" title="{}" data-figure="{}" data-value="{}">{}</a>',
        first_url,
        title,
        " + ".join(part.placeholder.keys),
        part.value,
        part.text,
    )
    if len(part.links) > 1:
        html += format_html(
            "<sup>{}</sup>",
            format_html_join(
                "",
                ' <a href="{}" title="{}">[{}]</a>',
                ((u, _figure_label(k), i + 1) for i, (k, u, _v) in enumerate(part.links)),
            ),
        )
    return html


def default_period(figure) -> str:
    """The period a figure is read for when none is named: the term where defined, else the first."""
    for kind in ("term", "current", "cumulative", "year"):
        if kind in figure.periods:
            return kind
    return figure.periods[0] if figure.periods else "current"


def records_url(result) -> str:
    return reverse("stats:records", args=[result.figure.key]) + "?" + urlencode(result.query)


def fill_names(part: Part, figure, committee, as_of, *, within=None) -> Part:
    """The names the figure's records hold, the most frequent first (then by name), each with the
    link to its records."""
    placeholder = part.placeholder
    if not figure.names:
        part.error = _("这个统计口径没有可列出的名称")
        return part
    try:
        result = evaluate(
            figure.key, committee, placeholder.scope, placeholder.period or default_period(figure), as_of, within=within
        )
        qs = (
            named(records(result), figure)
            .exclude(record_name="")
            .exclude(record_name__isnull=True)
            .values("record_name")
            .annotate(n=Count("pk"))
            .order_by("-n", "record_name")[: placeholder.top]
        )
        rows = derived(result, f"names:{placeholder.top}", lambda: list(qs))
    except ServiceError as exc:
        part.error = "；".join(str(m) for v in exc.errors.values() for m in v) or str(exc.message)
        return part
    base = records_url(result)
    part.names = [(r["record_name"], f"{base}&{urlencode({'name': r['record_name']})}", r["n"]) for r in rows]
    opening, closing = QUOTES.get(placeholder.quote, ("", ""))
    part.text = ("" if opening else "、").join(f"{opening}{name}{closing}" for name, _u, _n in part.names)
    part.value = len(part.names)
    part.links = [(figure.key, base, result.value)]
    if not part.names:
        part.error = _("期间内没有记录")
    return part


def fill(placeholder: Placeholder, committee, as_of, *, within=None) -> Part:
    part = Part(placeholder)
    known = registry.figures()
    if any(key not in known for key in placeholder.keys):
        part.missing = True
        return part
    if placeholder.kind == "names":
        return fill_names(part, known[placeholder.keys[0]], committee, as_of, within=within)
    total = None
    try:
        for key in placeholder.keys:
            period = placeholder.period or default_period(known[key])
            result = evaluate(key, committee, placeholder.scope, period, as_of, within=within)
            part.links.append((key, records_url(result), result.value))
            if result.value is not None:
                total = _number(result.value) + (total or 0)
    except ServiceError as exc:
        part.error = "；".join(str(m) for v in exc.errors.values() for m in v) or str(exc.message)
        return part
    part.value = plain(total) if total is not None else None
    part.text = format_value(total, placeholder.round, div=placeholder.div, digits=placeholder.digits)
    return part


def render(template, committee, as_of, *, within=None) -> Rendered:
    """The template filled in for a committee as of a date (figures computed now, from records)."""
    check_body(template.body)
    cache: dict = {}
    paragraphs = []
    for block in re.split(r"\n\s*\n", (template.body or "").replace("\r\n", "\n").strip()):
        block = "".join(line.strip() for line in block.split("\n") if line.strip())
        heading = block.startswith("# ")
        if heading:
            block = block[2:].strip()
        parts: list = []
        position = 0
        for match in PLACEHOLDER.finditer(block):
            if match.start() > position:
                parts.append(block[position : match.start()])
            placeholder = parse_placeholder(match)
            if placeholder not in cache:
                cache[placeholder] = fill(placeholder, committee, as_of, within=within)
            parts.append(cache[placeholder])
            position = match.end()
        if position < len(block):
            parts.append(block[position:])
        if parts:
            paragraphs.append(Paragraph(heading, parts))
    return Rendered(template.title, template.subtitle, committee, as_of, paragraphs)


# --- typed numbers ------------------------------------------------------------------------------

# A number typed into the text with the unit a figure is counted in ("协调办理提案452件", "1.9万人次").
TYPED_NUMBER = re.compile(r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)(?P<wan>万|亿)?(?P<unit>[件条次个名篇所项户处期批场人年])")
CLOSE = Decimal("0.05")  # "approximates": within 5 % (a rounded 1.9万 against 19,038)


def _typed(body: str):
    rest = PLACEHOLDER.sub(" ", body or "")
    for match in TYPED_NUMBER.finditer(rest):
        n = Decimal(match.group("n"))
        if match.group("wan"):
            n *= DIVISORS[match.group("wan")]
        if match.group("unit") == "年" and 1949 <= n <= 2100:
            continue  # a year, not a count
        if n >= 10:  # small numbers ("3项机制") match too many figures to mean anything
            yield match.group(0), n


def typed_number_warnings(body: str, committee, as_of) -> list[str]:
    """Numbers typed into a template's text that equal or approximate the value of a figure the platform
    counts for the committee (alone or with its lower committees, for the figure's own period, as of
    the date): each should be a placeholder, or it will not follow the records."""
    found = list(_typed(body))
    if not found:
        return []
    values = []
    for figure in registry.figures().values():
        for scope in ("self", "tree"):
            if scope not in figure.scopes:
                continue
            try:
                result = evaluate(figure.key, committee, scope, default_period(figure), as_of)
            except ServiceError:
                continue
            if result.value:
                values.append((figure, _number(result.value)))
    warnings = []
    for text, n in found:
        for figure, value in values:
            if value == n or (value and abs(value - n) / value <= CLOSE):
                same = _("等于") if value == n else _("接近")
                warnings.append(
                    _(
                        "正文中直接写了“%(t)s”，%(same)s统计口径“%(f)s”（%(k)s）的值 %(v)s："
                        "请改用占位符，让数字随记录更新。"
                    )
                    % {"t": text, "same": same, "f": figure.label, "k": figure.key, "v": _plain(value)}
                )
                break
    return warnings
