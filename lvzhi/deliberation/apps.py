from django.apps import AppConfig
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class DeliberationConfig(AppConfig):
    name = "lvzhi.deliberation"
    label = "deliberation"
    verbose_name = _("网络议政")

    def ready(self):
        from lvzhi.deliberation import attachments, module  # noqa: F401  registers menu, figures and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files

        # the records the full-text search finds (lvzhi.search; docs/search.md)
        registry.register_searchable(
            registry.Searchable(
                kind="deliberation.topic",
                label=_("议政议题"),
                model="deliberation.Topic",
                title=lambda t: t.title,
                body=lambda t: strip_tags(t.background),
                date=lambda t: t.opens_on,
                url="deliberation:detail",
            )
        )
