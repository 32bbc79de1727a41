"""Export columns show a choice's label through `exports.choice_label`, which looks it up in a dict
of the field's labels made once per export: the cell is what the record's get_FOO_display() gives,
for every choice, in the language the export is written in."""

import io

from django.utils import timezone, translation
from openpyxl import load_workbook

from lvzhi.accounts.admin_views import AUDIT_COLUMNS
from lvzhi.activities.choices import ActivityKind, ActivityState
from lvzhi.activities.models import Activity
from lvzhi.activities.views.activities import EXPORT_COLUMNS
from lvzhi.core.exports import Column, choice_label, write_rows
from lvzhi.core.models import AuditEntry
from lvzhi.org.models import Committee


def _written(rows, columns) -> dict[str, list]:
    """The written sheet's cells by column title."""
    buffer = io.BytesIO()
    write_rows(buffer, rows, columns)
    header, *body = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).active.iter_rows(values_only=True)
    return {title: [row[i] for row in body] for i, title in enumerate(header)}


def _column(columns, title: str) -> Column:
    return next(c for c in columns if str(c.title) == title)


def test_the_audit_logs_result_column_is_each_results_label():
    entries = [AuditEntry(action="x", result=value) for value in AuditEntry.Result.values]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            cells = _written(entries, [_column(AUDIT_COLUMNS, "结果")])["结果"]
            assert cells == [e.get_result_display() for e in entries]
            assert len(set(cells)) == len(entries)  # one label per result: no lookup gives another's
    with translation.override("en"):
        assert _written(entries, [_column(AUDIT_COLUMNS, "结果")])["结果"] == ["OK", "Denied", "Failed"]


def test_the_activities_kind_and_state_columns_are_each_choices_label():
    committee = Committee(name="武威市政协", short_name="武威")
    now = timezone.now()
    activities = [
        Activity(committee=committee, kind=kind, state=state, topic="t", start=now, end=now)
        for kind in ActivityKind.values
        for state in ActivityState.values
    ]
    for activity in activities:
        activity.invited_count = activity.present_count = 0
    columns = [_column(EXPORT_COLUMNS, "类别"), _column(EXPORT_COLUMNS, "状态")]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            cells = _written(activities, columns)
            assert cells["类别"] == [a.get_kind_display() for a in activities]
            assert cells["状态"] == [a.get_state_display() for a in activities]


def test_a_value_that_is_no_choice_shows_as_itself_and_outside_an_export_the_models_method_answers():
    entries = [AuditEntry(action="x", result="odd"), AuditEntry(action="x", result=AuditEntry.Result.DENIED)]
    column = Column("结果", lambda e: choice_label(e, "result"))
    assert _written(entries, [column])["结果"] == ["odd", str(AuditEntry.Result.DENIED.label)]
    assert [choice_label(e, "result") for e in entries] == [e.get_result_display() for e in entries]


def test_the_labels_are_made_for_each_export_in_its_language():
    entries = [AuditEntry(action="x", result=AuditEntry.Result.FAILED)]
    column = Column("结果", lambda e: choice_label(e, "result"))
    with translation.override("zh-hans"):
        assert _written(entries, [column])["结果"] == ["失败"]
    with translation.override("en"):
        assert _written(entries, [column])["结果"] == ["Failed"]
