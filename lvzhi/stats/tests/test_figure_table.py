"""docs/figures.md is the table of the seed summaries' figures as the platform computes them on the
demo data as of 2024-12-31 (`manage.py figure_table`): the project documents what it reproduces,
and the document stays true."""

import re
from pathlib import Path

from django.core.management import call_command

from lvzhi.stats.figure_table import markdown, rows

DOC = Path(__file__).resolve().parents[3] / "docs" / "figures.md"


def test_docs_figures_is_the_table_the_platform_computes(demo, db):
    table = markdown()
    assert table in DOC.read_text(encoding="utf-8"), (
        "docs/figures.md is out of date: regenerate its table with `manage.py figure_table` on the demo data"
    )


def test_every_seed_figure_is_in_the_table_with_a_value(demo, db):
    found = rows()
    numbers = {row.number for row in found}
    assert {f"W{n}" for n in range(1, 22)} <= numbers
    assert {f"P{n}" for n in range(1, 33)} <= numbers
    for row in found:
        assert row.shown and not row.shown.startswith("【"), row
        assert row.definition, row


def test_the_command_prints_the_table(demo, db, capsys):
    call_command("figure_table", as_of="2024-12-31")
    out = capsys.readouterr().out
    assert out == markdown()
    assert re.search(r"\| W21 \| 修订制度 \| 51 \|", out)
