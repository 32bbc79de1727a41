from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

registry.register(registry.Module(key="accounts", label=_("系统"), menu=[]))
