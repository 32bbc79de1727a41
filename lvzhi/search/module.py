"""What the search contributes: its upkeep as a derived store (services that call
`registry.sync_derived` reach it, as the signals do) and the demo load's last step (a finisher, run
after every module's loaders): a bulk build of the index."""

import time

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.search import services


def load_demo(stdout=None, **kwargs):
    started = time.monotonic()
    diff = services.rebuild()
    if stdout is not None:
        stdout.write(f"全文检索索引：{len(diff.missing)} 条（{time.monotonic() - started:.1f} 秒）")


registry.register(
    registry.Module(
        key="search",
        label=_("全文检索"),
        demo_finishers=[load_demo],
        derived_stores=[services.sync],
    )
)
