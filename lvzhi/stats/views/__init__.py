from lvzhi.stats.views.dashboards import module_dashboard, overview, screen
from lvzhi.stats.views.figures import catalogue, figure_outliers, figure_records, year_pack
from lvzhi.stats.views.library import (
    document_create,
    document_edit,
    library_document,
    library_list,
    library_regulation,
    revision_edit,
)
from lvzhi.stats.views.regulations import (
    regulation_action,
    regulation_create,
    regulation_detail,
    regulation_edit,
    regulation_list,
)
from lvzhi.stats.views.summaries import (
    summary_create,
    summary_delete,
    summary_download,
    summary_draft,
    summary_edit,
    summary_list,
    summary_preview,
)

__all__ = [
    "catalogue",
    "document_create",
    "document_edit",
    "figure_outliers",
    "figure_records",
    "library_document",
    "library_list",
    "library_regulation",
    "module_dashboard",
    "overview",
    "regulation_action",
    "regulation_create",
    "regulation_detail",
    "regulation_edit",
    "regulation_list",
    "revision_edit",
    "screen",
    "summary_create",
    "summary_delete",
    "summary_download",
    "summary_draft",
    "summary_edit",
    "summary_list",
    "summary_preview",
    "year_pack",
]
