from lvzhi.duties.views.records import (  # noqa: F401
    member_record,
    member_record_docx,
    my_record,
    my_record_docx,
    my_report,
    report_action,
    report_detail,
    report_list,
)
from lvzhi.duties.views.staff import (  # noqa: F401
    assessment_detail,
    assessments,
    assessments_action,
    inactive,
    ranking,
    scheme,
    target_delete,
    target_edit,
    targets,
    targets_reset,
)
