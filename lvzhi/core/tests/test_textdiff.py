"""The version diff: lines kept, added, removed, and changed lines marked character by character."""

from lvzhi.core.textdiff import diff_lines, diff_summary


def test_a_changed_line_marks_the_changed_characters():
    old = "第一条 委员每年提交提案一件。\n第二条 附则。"
    rows = diff_lines(old, "第一条 委员每年至少提交提案两件。\n第二条 附则。")
    assert [r.tag for r in rows] == ["changed", "same"]
    assert ("added", "至少") in rows[0].parts
    assert ("removed", "一") in rows[0].parts and ("added", "两") in rows[0].parts
    assert rows[1].text == "第二条 附则。"


def test_added_and_removed_lines():
    rows = diff_lines("甲\n乙\n丙", "甲\n丙\n丁")
    assert [(r.tag, r.text) for r in rows] == [("same", "甲"), ("removed", "乙"), ("same", "丙"), ("added", "丁")]
    assert diff_summary(rows) == {"added": 1, "removed": 1, "changed": 0}


def test_an_unrelated_line_is_a_removal_and_an_addition_not_a_change():
    rows = diff_lines("第三条 本办法自发布之日起施行。", "附件：提案格式")
    assert [r.tag for r in rows] == ["removed", "added"]


def test_identical_and_empty_texts():
    assert diff_lines("", "") == []
    assert [r.tag for r in diff_lines("甲", "甲")] == ["same"]
    assert [r.tag for r in diff_lines("", "甲")] == ["added"]
