"""manage.py demo [--if-empty]: load the demo data of every registered module, in one transaction."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lvzhi.core import registry
from lvzhi.core.scope import committee_model


class Command(BaseCommand):
    # ./run calls this on every start right after migrate, which has already run the checks.
    requires_system_checks = []
    help = "加载演示数据（甘肃 → 武威、平凉的委员会、委员和演示账号）。Load the demo data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库中已有委员会时什么也不做。Do nothing when any committee exists.",
        )

    def handle(self, *args, if_empty=False, verbosity=1, **options):
        if committee_model().objects.exists():
            if if_empty:
                if verbosity > 1:
                    self.stdout.write("数据库中已有数据，不加载演示数据。")
                return
            raise CommandError("数据库中已有委员会，演示数据只能加载到空数据库。The database is not empty.")
        started = time.monotonic()
        out = self.stdout if verbosity > 0 else None
        with transaction.atomic(), registry.bulk_loading():
            for module in registry.modules():
                for loader in module.demo_loaders:
                    loader(stdout=out)
            # then what is derived from every module's records (the search index)
            for module in registry.modules():
                for finish in module.demo_finishers:
                    finish(stdout=out)
        if out is not None:
            out.write(self.style.SUCCESS(f"演示数据已加载（{time.monotonic() - started:.1f} 秒）。"))
