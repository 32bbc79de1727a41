"""manage.py rebuild_search [--kind KIND] [--check]: bring the full-text index up to date with the
records (only what differs is written), or with --check list every missing, stale and orphaned
entry and exit 1 if there is one, changing nothing (the shape of check_duties)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from lvzhi.core import registry
from lvzhi.search import services


class Command(BaseCommand):
    help = "重建全文检索索引；--check 只核对不修改。Rebuild (or check) the full-text search index."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="只处理这种记录，如 proposals.proposal（可重复）")
        parser.add_argument("--check", action="store_true", help="只核对索引与记录是否一致，不作修改")

    def handle(self, *args, kind=None, check=False, **options):
        known = {s.kind for s in registry.searchables()}
        unknown = sorted(set(kind or ()) - known)
        if unknown:
            raise CommandError(f"没有这种检索类别：{'、'.join(unknown)}（可选：{'、'.join(sorted(known))}）")
        kinds = set(kind) if kind else None
        started = time.monotonic()
        if check:
            diff = services.differences(kinds)
            for line in diff.lines():
                self.stdout.write(line)
            if diff:
                self.stderr.write(
                    f"全文检索索引与记录不一致：缺少 {len(diff.missing)} 条，过期 {len(diff.stale)} 条，"
                    f"多余 {len(diff.orphaned)} 条。运行 manage.py rebuild_search 修复。"
                )
                sys.exit(1)
            self.stdout.write("全文检索索引与记录一致。")
            return
        diff = services.rebuild(kinds, stdout=self.stdout if options.get("verbosity", 1) > 1 else None)
        self.stdout.write(
            f"全文检索索引已更新：新增 {len(diff.missing)} 条，更新 {len(diff.stale)} 条，"
            f"删除 {len(diff.orphaned)} 条（{time.monotonic() - started:.1f} 秒）。"
        )
