"""What the notices module contributes to the registry."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

registry.register(registry.Module(key="notices", label=_("通知公告")))
