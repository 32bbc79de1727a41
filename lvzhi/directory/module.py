"""What the directory module contributes to the registry."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

registry.register(registry.Module(key="directory", label=_("委员风采")))
