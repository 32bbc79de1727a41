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
        from lvzhi.stats.library import can_read_library, current_text, versions

        Regulation = self.get_model("Regulation")
        ReferenceDocument = self.get_model("ReferenceDocument")
        registry.register_searchable(
            registry.Searchable(
                kind="stats.regulation",
                label=_("制度机制"),
                model="stats.Regulation",
                title=lambda r: r.title,
                extra=lambda r: r.document_number,
                # the text in force, its note and every revision's note and adopting body
                body=lambda r: " ".join(
                    [
                        current_text(versions(r)),
                        r.note,
                        r.adopted_by,
                        *(f"{v.note} {v.adopted_by}" for v in r.revisions.all()),
                    ]
                ),
                date=lambda r: r.adopted_on,
                # the library's reading page: members read their committee's rules there
                url="stats:library_regulation",
                prefetch=("revisions",),
                watch={"stats.RegulationRevision": lambda v: [v.regulation_id]},
                visible=lambda user: Regulation.objects.visible_to(user) if can_read_library(user) else None,
            ),
            registry.Searchable(
                kind="stats.reference",
                label=_("参考文件"),
                model="stats.ReferenceDocument",
                title=lambda d: d.title,
                extra=lambda d: " ".join(filter(None, [d.document_number, d.issuer])),
                body=lambda d: d.text,
                date=lambda d: d.issued_on,
                url="stats:library_document",
                # the office its scope, a member what is addressed to them (the library's own rule)
                visible=lambda user: ReferenceDocument.objects.visible_to(user) if can_read_library(user) else None,
            ),
        )
