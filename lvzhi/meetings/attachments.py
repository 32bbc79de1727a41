"""A meeting material's file is handed out only by the module's own read action, which records the
reading (`views.material_action`); core's download serves none of them (registered from apps.py)."""

from lvzhi.core import registry
from lvzhi.meetings.models import Material

FILE_HOLDERS = [registry.FileHolder("meetings.Material", "attachment", visible=lambda user: Material.objects.none())]
