"""manage.py summary --committee CODE --template SLUG --as-of YYYY-MM-DD --format txt|html|docx --out FILE"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from lvzhi.core.errors import ServiceError
from lvzhi.org.models import Committee
from lvzhi.stats.documents import summary_docx
from lvzhi.stats.models import SummaryTemplate
from lvzhi.stats.selectors import parse_as_of
from lvzhi.stats.summary import render


class Command(BaseCommand):
    help = "按模板生成工作综述。Render a work summary from a template."

    def add_arguments(self, parser):
        parser.add_argument("--committee", required=True, help="委员会行政区划代码，如 620800")
        parser.add_argument("--template", required=True, help="模板标识，如 pingliang-highlights")
        parser.add_argument("--as-of", default="", help="统计日 YYYY-MM-DD，默认今天")
        parser.add_argument("--format", default="txt", choices=["txt", "html", "docx"])
        parser.add_argument("--out", default="", help="输出文件；不给则写到标准输出（docx 必须给）")

    def handle(self, *args, committee, template, as_of, format, out, **options):
        found = Committee.objects.filter(code=committee).first()
        if found is None:
            raise CommandError(f"没有代码为 {committee} 的委员会。")
        path = found.path.strip("/").split("/")
        chosen = (
            SummaryTemplate.objects.filter(slug=template, committee__code__in=path).order_by("-committee__path").first()
        )
        if chosen is None:
            raise CommandError(f"{found.name} 没有标识为 {template} 的模板。")
        try:
            rendered = render(chosen, found, parse_as_of(as_of or None))
        except ServiceError as exc:
            raise CommandError("；".join(str(m) for v in exc.errors.values() for m in v) or str(exc.message)) from None
        if format == "docx":
            if not out:
                raise CommandError("docx 格式须用 --out 指定输出文件。")
            content = summary_docx(rendered)
        elif format == "html":
            content = render_to_string("stats/summary_document.html", {"rendered": rendered}).encode("utf-8")
        else:
            content = rendered.text().encode("utf-8")
        if out:
            with open(out, "wb") as handle:
                handle.write(content)
            self.stdout.write(f"已写入 {out}（缺 {len(rendered.missing)} 处）。")
        else:
            sys.stdout.buffer.write(content) if hasattr(sys.stdout, "buffer") else self.stdout.write(content.decode())
        for part in rendered.missing:
            self.stderr.write(f"缺：{part.placeholder.name}")
