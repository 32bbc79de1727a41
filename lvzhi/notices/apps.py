from django.apps import AppConfig
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class NoticesConfig(AppConfig):
    name = "lvzhi.notices"
    label = "notices"
    verbose_name = _("通知公告")

    def ready(self):
        from lvzhi.notices import attachments, module  # noqa: F401  registers menu, figures and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files

        # the records the full-text search finds (lvzhi.search; docs/search.md)
        from lvzhi.notices.choices import NoticeKind

        registry.register_searchable(
            registry.Searchable(
                kind="notices.notice",
                label=_("通知公告"),
                model="notices.Notice",
                title=lambda n: n.title,
                extra=lambda n: NoticeKind(n.kind).label,
                body=lambda n: strip_tags(n.body),
                date=lambda n: n.published_at or n.created_at,
                url="notices:detail",
            )
        )
