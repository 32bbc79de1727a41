from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import registry


class OrgConfig(AppConfig):
    name = "lvzhi.org"
    label = "org"
    verbose_name = _("组织")

    def ready(self):
        from lvzhi.org import module  # noqa: F401  registers menu, figures and demo data

        # the records the full-text search finds (lvzhi.search; docs/search.md)
        Member = self.get_model("Member")
        registry.register_searchable(
            registry.Searchable(
                kind="org.member",
                label=_("委员"),
                model="org.Member",
                title=lambda m: m.name,
                extra=lambda m: m.title,
                body=lambda m: f"{m.workplace} {m.title}",
                url="org:member_detail",
                pinyin=True,
                # the office's member pages only (members and units do not search people)
                visible=lambda user: (
                    Member.objects.visible_to(user) if user.can_read_module(Permission.MEMBERS) else None
                ),
            )
        )
