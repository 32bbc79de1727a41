"""The drafts module: nothing in the menu, no figures; it keeps what the user types in long forms
(see docs/drafts.md) and serves the installable app (manifest, service worker, offline page)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry

registry.register(registry.Module(key="drafts", label=_("草稿与手机应用")))
