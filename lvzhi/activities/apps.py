from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class ActivitiesConfig(AppConfig):
    name = "lvzhi.activities"
    label = "activities"
    verbose_name = _("会议活动")

    def ready(self):
        from lvzhi.activities import attachments, module  # noqa: F401  registers menu, figures and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files

        # the records the full-text search finds (lvzhi.search; docs/search.md)
        from lvzhi.activities.choices import ActivityKind, OutcomeKind
        from lvzhi.activities.services import can_read

        Outcome = self.get_model("Outcome")
        registry.register_searchable(
            registry.Searchable(
                kind="activities.activity",
                label=_("会议活动"),
                model="activities.Activity",
                title=lambda a: a.topic,
                extra=lambda a: f"{ActivityKind(a.kind).label} {a.subkind} {a.organiser}",
                body=lambda a: f"{a.place} {a.description}",
                date=lambda a: a.start,
                url="activities:detail",
            ),
            registry.Searchable(
                kind="activities.outcome",
                label=_("协商成果"),
                model="activities.Outcome",
                title=lambda o: o.title,
                extra=lambda o: OutcomeKind(o.kind).label,
                body=lambda o: f"{o.text} {o.instructions} {o.follow_up}",
                date=lambda o: o.sent_on or o.created_at,
                url="activities:outcome_detail",
                # the outcome pages are the office's and the leaders'
                visible=lambda user: Outcome.objects.visible_to(user) if can_read(user) else None,
            ),
        )
