from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class StatsConfig(AppConfig):
    name = "lvzhi.stats"
    label = "stats"
    verbose_name = _("统计")

    def ready(self):
        from lvzhi.stats import module  # noqa: F401  (registers the module)

        # the records the full-text search finds (lvzhi.search; docs/search.md)
        from lvzhi.stats.selectors import can_read

        Regulation = self.get_model("Regulation")
        registry.register_searchable(
            registry.Searchable(
                kind="stats.regulation",
                label=_("制度机制"),
                model="stats.Regulation",
                title=lambda r: r.title,
                extra=lambda r: r.document_number,
                # the text: its note and every revision's note
                body=lambda r: " ".join([r.note, *(v.note for v in r.revisions.all())]),
                date=lambda r: r.adopted_on,
                url="stats:regulation_detail",
                prefetch=("revisions",),
                watch={"stats.RegulationRevision": lambda v: [v.regulation_id]},
                # the register is the statistics readers' (the office with the permission, leaders)
                visible=lambda user: Regulation.objects.visible_to(user) if can_read(user) else None,
            )
        )
