from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class LiaisonConfig(AppConfig):
    name = "lvzhi.liaison"
    label = "liaison"
    verbose_name = _("联谊联络与请示报告")

    def ready(self):
        from lvzhi.liaison import module  # noqa: F401  registers menu, figures, duty events and demo data

        # the records the full-text search finds (docs/search.md): the office and leaders, as the pages
        registry.register_searchable(
            registry.Searchable(
                kind="liaison.party_report",
                label=_("请示报告"),
                model="liaison.PartyReport",
                title=lambda r: r.subject,
                body=lambda r: f"{r.body} {r.reply}",
                date=lambda r: r.sent_on or r.drafted_on,
                url="liaison:report_detail",
            ),
            registry.Searchable(
                kind="liaison.hosted_visit",
                label=_("上级政协来访"),
                model="liaison.HostedVisit",
                title=lambda v: f"{v.visitor}：{v.topic}",
                body=lambda v: f"{v.places} {v.support}",
                date=lambda v: v.started_on,
                url="liaison:hosted_detail",
            ),
            registry.Searchable(
                kind="liaison.engagement",
                label=_("联系记录"),
                model="liaison.Engagement",
                title=lambda e: e.title,
                body=lambda e: f"{e.place} {e.summary}",
                date=lambda e: e.held_on,
                url="liaison:engagement_detail",
            ),
        )
