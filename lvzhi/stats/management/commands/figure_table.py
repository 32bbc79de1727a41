"""manage.py figure_table [--as-of YYYY-MM-DD]: the seed summaries' figures as computed from the
records, as a Markdown table (docs/figures.md is its output on the demo data)."""

from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.errors import ServiceError
from lvzhi.stats.figure_table import AS_OF, markdown
from lvzhi.stats.selectors import parse_as_of


class Command(BaseCommand):
    help = "输出两份综述所用数字的口径表（Markdown）。The seed summaries' figures as a Markdown table."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default=AS_OF.isoformat(), help="统计日 YYYY-MM-DD，默认 2024-12-31")

    def handle(self, *args, as_of, **options):
        try:
            day = parse_as_of(as_of)
        except ServiceError as exc:
            raise CommandError(f"统计日无效：{as_of}") from exc
        self.stdout.write(markdown(day), ending="")
