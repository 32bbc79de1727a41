"""What the deliberation module contributes to the registry."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

registry.register(registry.Module(key="deliberation", label=_("网络议政")))
