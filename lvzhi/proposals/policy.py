"""Per-committee rules and lists of the proposal work, under one name: the reads
(`lvzhi.proposals.rules`, pure) and the writes (`lvzhi.proposals.services.rules`, audited)."""

from lvzhi.proposals.rules import (
    LIST_MODELS,
    POLICY_FIELDS,
    POLICY_LIMITS,
    active_items,
    add_months,
    default_deadline,
    default_lists,
    read_policy,
)
from lvzhi.proposals.services.rules import ensure_lists, may_edit_rules, policy_for, save_list_item, update_policy

__all__ = [
    "LIST_MODELS",
    "POLICY_FIELDS",
    "POLICY_LIMITS",
    "active_items",
    "add_months",
    "default_deadline",
    "default_lists",
    "ensure_lists",
    "may_edit_rules",
    "policy_for",
    "read_policy",
    "save_list_item",
    "update_policy",
]
