from lvzhi.liaison.views.figures import figure_list
from lvzhi.liaison.views.pages import PAGES

__all__ = ["PAGES", "figure_list"]
