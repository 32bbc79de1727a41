from lvzhi.supervision.views.figures import figure_list
from lvzhi.supervision.views.pages import PAGES

__all__ = ["PAGES", "figure_list"]
