"""Which study materials' files a user may open: those of the materials they may see (registered
with core's file download through `registry.FileHolder`, from apps.py)."""

from lvzhi.core import registry

FILE_HOLDERS = [registry.FileHolder("learning.StudyMaterial", "attachment")]
