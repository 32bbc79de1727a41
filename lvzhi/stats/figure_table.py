"""The table of the figures the two seed summaries report, as the platform computes them: each
figure's number in the summary (W1…, P1…), the words it stands for, the value shown, and how it is
counted (figure key, scope, period, definition); and the names the templates write from the records
(marked 名称). `manage.py figure_table` writes it as Markdown;
docs/figures.md is its output on the demo data as of 2024-12-31, and a test keeps the two equal, so
the project documents what it reproduces without the design folder beside it."""

import datetime
from dataclasses import dataclass

from lvzhi.core import registry
from lvzhi.org.models import Committee
from lvzhi.stats.models import SummaryTemplate
from lvzhi.stats.summary import Part, default_period, render

AS_OF = datetime.date(2024, 12, 31)
SEEDS = (("wuwei-highlights", "620600"), ("pingliang-highlights", "620800"))
SCOPE_WORDS = {"self": "本级", "tree": "含下级", "lower": "下级（不含本级）"}
PERIOD_WORDS = {"current": "统计日当时", "term": "本届以来", "cumulative": "累计（成立以来）", "year": "统计日所在年"}


def period_words(period: str) -> str:
    """A period code in words: term → 本届以来, since:2024-01-01 → 2024-01-01以来, year:2024 → 2024年."""
    kind, _, arg = period.partition(":")
    if kind == "since" and arg:
        return f"{arg}以来"
    if kind == "year" and arg:
        return f"{arg}年"
    if kind == "range" and arg:
        return arg.replace(",", "至")
    return PERIOD_WORDS.get(kind, period)


@dataclass(frozen=True)
class Row:
    number: str
    words: str
    shown: str
    keys: tuple[str, ...]
    scope: str
    period: str
    definition: str


def _row(part: Part) -> Row:
    placeholder = part.placeholder
    number, _, words = placeholder.note.partition(" ")
    if placeholder.kind == "names":  # the names the records hold (no number of the summaries)
        number, words = "名称", placeholder.note
    known = registry.figures()
    periods = {placeholder.period or default_period(known[k]) for k in placeholder.keys if k in known}
    definitions = [str(known[k].definition) for k in placeholder.keys if k in known]
    return Row(
        number=number,
        words=words,
        shown=part.shown,
        keys=placeholder.keys,
        scope=SCOPE_WORDS.get(placeholder.scope, placeholder.scope),
        period="、".join(period_words(p) for p in sorted(periods)),
        definition="；".join(definitions),
    )


def rows(as_of: datetime.date = AS_OF) -> list[Row]:
    """Every placeholder of the two seed templates once, in the order of the text."""
    found: list[Row] = []
    seen = set()
    for slug, code in SEEDS:
        template = SummaryTemplate.objects.filter(slug=slug).first()
        committee = Committee.objects.filter(code=code).first()
        if template is None or committee is None:
            continue
        for paragraph in render(template, committee, as_of).paragraphs:
            for part in paragraph.parts:
                if isinstance(part, Part) and part.placeholder not in seen:
                    seen.add(part.placeholder)
                    found.append(_row(part))
    return found


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(as_of: datetime.date = AS_OF) -> str:
    lines = [
        "| # | 综述中的表述 | 平台给出的值 | 口径（figure key） | 范围 | 期间 | 定义 |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows(as_of):
        keys = " + ".join(f"`{k}`" for k in row.keys)
        cells = (row.number, row.words, row.shown, keys, row.scope, row.period, row.definition)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
