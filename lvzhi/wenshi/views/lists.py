"""The 文史 registers' lists, declared once with the list kit (core/listing.py): their sortable
columns, default order and page sizes; each page keeps its own filter form (`partials/list_keep.html`
carries the order and page size through it)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.listing import Column, Listing
from lvzhi.wenshi.views.common import PAGE_SIZE

SIZES = tuple(sorted({PAGE_SIZE, 50, 100}))

MANUSCRIPTS = Listing(
    key="wenshi.manuscripts",
    columns=(
        Column(_("来稿日期"), "submitted", order=("submitted_on",)),
        Column(_("题目"), "title"),
        Column(_("作者"), "author", order=("author_name",)),
        Column(_("状态"), "state"),
        Column(_("采用日期"), "decided", order=("decided_on",)),
    ),
    default_sort="-submitted",
    page_size=PAGE_SIZE,
    page_sizes=SIZES,
)
PLANS = Listing(
    key="wenshi.plans",
    columns=(
        Column(_("起始年度"), "start", order=("start_year",)),
        Column(_("名称"), "title"),
        Column(_("制定日期"), "adopted", order=("adopted_on",)),
    ),
    default_sort="-start",
    page_size=PAGE_SIZE,
    page_sizes=SIZES,
)
CALLS = Listing(
    key="wenshi.calls",
    columns=(
        Column(_("征集开始"), "opens", order=("opens_on",)),
        Column(_("征集截止"), "closes", order=("closes_on",)),
        Column(_("标题"), "title"),
    ),
    default_sort="-opens",
    page_size=PAGE_SIZE,
    page_sizes=SIZES,
)
VOLUMES = Listing(
    key="wenshi.volumes",
    columns=(
        Column(_("出版日期"), "published", order=("published_on",)),
        Column(_("书名"), "title", order=("series__name", "number", "title")),
        Column(_("印数"), "print_run"),
    ),
    default_sort="-published",
    page_size=PAGE_SIZE,
    page_sizes=SIZES,
)
ITEMS = Listing(
    key="wenshi.items",
    columns=(
        Column(_("名称"), "title"),
        Column(_("类别"), "kind"),
        Column(_("数量"), "copies"),
        Column(_("存放位置"), "location"),
        Column(_("入藏日期"), "acquired", order=("acquired_on",)),
    ),
    default_sort="-acquired",
    page_size=PAGE_SIZE,
    page_sizes=SIZES,
)
CIRCULATIONS = Listing(
    key="wenshi.circulations",
    columns=(
        Column(_("日期"), "happened", order=("happened_on",)),
        Column(_("对方"), "counterpart"),
        Column(_("册数"), "copies"),
    ),
    default_sort="-happened",
    page_size=PAGE_SIZE,
    page_sizes=SIZES,
)
