"""manage.py index_proposals [--committee ID] [--rebuild | --check]: the similar-proposal index.

Without options it indexes what is still pending (what a lookup would catch up with); `--rebuild`
builds it again from the proposals' tokens; `--check` reports what is pending and fails when an
indexed proposal's rows differ from what its tokens give (a drift from a rebuild)."""

from django.core.management.base import BaseCommand, CommandError

from lvzhi.proposals.services.index import index_drift, rebuild_index, refresh_index


class Command(BaseCommand):
    help = "相似提案索引：补建待索引的提案（--rebuild 全部重建，--check 检查偏差）。"

    def add_arguments(self, parser):
        parser.add_argument("--committee", type=int, default=None)
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--rebuild", action="store_true")
        group.add_argument("--check", action="store_true")

    def handle(self, *args, committee=None, rebuild=False, check=False, **options):
        if check:
            drift = index_drift(committee)
            self.stdout.write(f"待索引 {drift['waiting']} 件，索引与提案不一致 {drift['differ']} 件。")
            if drift["differ"]:
                raise CommandError("相似提案索引与提案不一致，请运行 index_proposals --rebuild。")
            return
        done = rebuild_index(committee) if rebuild else refresh_index(committee)
        self.stdout.write(f"已索引 {done} 件提案。")
