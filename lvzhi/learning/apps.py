from django.apps import AppConfig
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class LearningConfig(AppConfig):
    name = "lvzhi.learning"
    label = "learning"
    verbose_name = _("学习园地")

    def ready(self):
        from lvzhi.learning import attachments, module  # noqa: F401  registers menu, figures and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files

        # the records the full-text search finds (lvzhi.search; docs/search.md)
        registry.register_searchable(
            registry.Searchable(
                kind="learning.material",
                label=_("学习资料"),
                model="learning.StudyMaterial",
                title=lambda m: m.title,
                extra=lambda m: m.author,
                body=lambda m: strip_tags(m.body),
                date=lambda m: m.published_at or m.created_at,
                url="learning:detail",
            )
        )
