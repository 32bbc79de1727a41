from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class WenshiConfig(AppConfig):
    name = "lvzhi.wenshi"
    label = "wenshi"
    verbose_name = _("文史资料")

    def ready(self):
        from lvzhi.wenshi import attachments, module  # noqa: F401  registers menu, figures, duty events and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files
        from lvzhi.wenshi.services import can_read, is_member_user

        # the records the full-text search finds (lvzhi.search; docs/search.md). Like the pages
        # (views.common.participant_required): the office and leaders, and members; nobody else.
        Manuscript = self.get_model("Manuscript")
        Volume = self.get_model("Volume")
        CollectionItem = self.get_model("CollectionItem")

        def participant(user) -> bool:
            return can_read(user) or is_member_user(user)

        registry.register_searchable(
            registry.Searchable(
                kind="wenshi.manuscript",
                label=_("文史稿件"),
                model="wenshi.Manuscript",
                title=lambda m: m.title,
                body=lambda m: f"{m.text} {m.transcript}",
                extra=lambda m: " ".join(filter(None, [m.author_name, m.narrator])),
                date=lambda m: m.submitted_on,
                url="wenshi:manuscript_detail",
                # the office sees its committees' records, a member what they sent in or wrote
                visible=lambda user: Manuscript.objects.visible_to(user) if participant(user) else None,
            )
        )
        registry.register_searchable(
            registry.Searchable(
                kind="wenshi.volume",
                label=_("文史出版物"),
                model="wenshi.Volume",
                title=lambda v: v.display_title,
                body=lambda v: v.foreword,
                extra=lambda v: " ".join(filter(None, [v.editors, v.permit_number])),
                date=lambda v: v.published_on,
                url="wenshi:volume_detail",
                related=("series",),
                # published volumes for the committee's members; the office sees those in editing too
                visible=lambda user: (
                    Volume.objects.visible_to(user)
                    if can_read(user)
                    else Volume.objects.visible_to(user).exclude(published_on__isnull=True)
                    if is_member_user(user)
                    else None
                ),
            )
        )
        registry.register_searchable(
            registry.Searchable(
                kind="wenshi.item",
                label=_("文史馆藏"),
                model="wenshi.CollectionItem",
                title=lambda i: i.title,
                body=lambda i: " ".join(filter(None, [i.get_kind_display(), i.provenance, i.note])),
                extra=lambda i: i.location,
                date=lambda i: i.acquired_on,
                url="wenshi:item_detail",
                # the collection is the office's register (its pages: office_required)
                visible=lambda user: CollectionItem.objects.visible_to(user) if can_read(user) else None,
            )
        )
