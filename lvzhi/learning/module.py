"""What the learning module contributes to the registry."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

registry.register(registry.Module(key="learning", label=_("学习园地")))
