from lvzhi.liaison.views.figures import figure_list
from lvzhi.liaison.views.pages import record_action, record_create, record_detail, record_edit, record_list

__all__ = ["figure_list", "record_action", "record_create", "record_detail", "record_edit", "record_list"]
