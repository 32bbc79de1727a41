from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class OpinionsConfig(AppConfig):
    name = "lvzhi.opinions"
    label = "opinions"
    verbose_name = _("社情民意")

    def ready(self):
        from lvzhi.opinions import attachments, module  # noqa: F401  registers menu, figures and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files

        # the records the full-text search finds (lvzhi.search; docs/search.md)
        registry.register_searchable(
            registry.Searchable(
                kind="opinions.report",
                label=_("社情民意信息"),
                model="opinions.OpinionReport",
                title=lambda r: r.title,
                extra=lambda r: f"{r.category} {r.area}",
                body=lambda r: f"{r.content} {r.suggestions}",
                date=lambda r: r.submitted_at or r.created_at,
                url="opinions:detail",
            )
        )
