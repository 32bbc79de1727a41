from lvzhi.supervision.views.figures import figure_list
from lvzhi.supervision.views.pages import (
    record_action,
    record_create,
    record_detail,
    record_edit,
    record_list,
)

__all__ = ["figure_list", "record_action", "record_create", "record_detail", "record_edit", "record_list"]
