"""Manuscripts' and collection items' files are served only by the module's own routes, after its
own checks (`views/manuscripts.py`, `views/office.py`); core's download serves none of them
(registered from apps.py)."""

from lvzhi.core import registry
from lvzhi.wenshi.models import CollectionItem, Manuscript

FILE_HOLDERS = [
    registry.FileHolder("wenshi.Manuscript", "attachments", visible=lambda user: Manuscript.objects.none()),
    registry.FileHolder("wenshi.CollectionItem", "attachments", visible=lambda user: CollectionItem.objects.none()),
]
