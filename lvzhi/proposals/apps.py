from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class ProposalsConfig(AppConfig):
    name = "lvzhi.proposals"
    label = "proposals"
    verbose_name = _("提案")

    def ready(self):
        from lvzhi.proposals import attachments, module  # noqa: F401  registers menu, figures and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files

        # the records the full-text search finds (lvzhi.search; docs/search.md)
        registry.register_searchable(
            registry.Searchable(
                kind="proposals.proposal",
                label=_("提案"),
                model="proposals.Proposal",
                title=lambda p: p.title,
                extra=lambda p: p.number,
                body=lambda p: f"{p.situation} {p.analysis} {p.suggestions}",
                date=lambda p: p.submitted_at or p.created_at,
                url="proposals:detail",
            ),
            # a unit's reply: seen by whoever may see that assignment (another unit's reply is not theirs)
            registry.Searchable(
                kind="proposals.reply",
                label=_("提案答复"),
                model="proposals.Assignment",
                title=lambda a: a.proposal.title,
                extra=lambda a: f"{a.proposal.number} {a.unit.name}",
                body=lambda a: a.reply_text,
                date=lambda a: a.replied_at,
                url=lambda a: reverse("proposals:detail", args=[a.proposal_id]),
                records=lambda qs: qs.exclude(reply_text=""),
                related=("proposal", "unit"),
                watch={
                    "proposals.Proposal": lambda p: p.assignments.exclude(reply_text="").values_list("pk", flat=True)
                },
            ),
        )
