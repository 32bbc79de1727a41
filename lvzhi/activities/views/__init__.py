from lvzhi.activities.views.activities import (  # noqa: F401
    activity_action,
    activity_calendar,
    activity_create,
    activity_detail,
    activity_edit,
    activity_list,
    my_activities,
)
from lvzhi.activities.views.attendance import (  # noqa: F401
    attendance_sheet,
    checkin,
    checkin_screen,
    invite,
    leave_decision,
    manual_checkin,
    respond,
    signin_sheet,
)
from lvzhi.activities.views.dashboard import dashboard  # noqa: F401
from lvzhi.activities.views.records import (  # noqa: F401
    figure_list,
    outcome_action,
    outcome_create,
    outcome_delete,
    outcome_detail,
    outcome_edit,
    outcome_list,
    speech_create,
    speech_delete,
    speech_edit,
)
from lvzhi.activities.views.subkinds import subkind_settings  # noqa: F401
from lvzhi.activities.views.suggestions import suggestion_add, suggestion_delete, suggestion_edit  # noqa: F401
