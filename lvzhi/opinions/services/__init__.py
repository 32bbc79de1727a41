"""Every write to social-conditions and public-opinion reports. Each checks permission, state and
input, writes in one transaction with its audit entry and transition, and notifies after commit.

The loop: a submitter (member, organisation contact, information officer) writes a draft and
submits it; the information office accepts it for editing, rejects it (不采用, with a reason) or
returns it for revision; edits it (the original is kept), combines several into one item, publishes
it in an issue of the bulletin, sends it to recipients, and records what became of it
(instructions, adoptions, handling) until feedback to the submitter closes it. A county office may
forward an item to its city committee, which receives it as a submission from that county.

The package, by section: `access` (who may do what), `config` (each committee's configuration),
`flow` (the workflow table), `submitters` (capacities and credits), `content` (cleaning and
notices), `reports` (writing, entering, converting, files), `loop` (the office's steps),
`lookups` (reads shared by pages and API). Callers import from `lvzhi.opinions.services`."""

from lvzhi.opinions.services.access import (
    can_manage,
    is_leader_for,
)
from lvzhi.opinions.services.config import (
    add_party_contact,
    appoint_officer,
    categories_for,
    configure,
    create_category,
    create_recipient,
    points_for,
    points_tables,
    save_settings,
    seed_default_categories,
    seed_default_recipients,
    set_points,
    set_recipient_active,
    settings_for,
    update_category,
    update_contact,
    update_officer,
    update_recipient,
)
from lvzhi.opinions.services.content import (
    TEXT_FIELDS,
    clean_content,
    length_warning,
)
from lvzhi.opinions.services.flow import (
    ACTION_LABELS,
    REPORT_FLOW,
)
from lvzhi.opinions.services.lookups import (
    get_report,
    overdue_q,
    parties_for,
    reads_all,
    visible_issues,
)
from lvzhi.opinions.services.loop import (
    accept_report,
    combine_reports,
    create_issue,
    edit_report,
    forward_report,
    give_feedback,
    publish_report,
    record_adoption,
    record_handling,
    record_instruction,
    reject_report,
    return_report,
    send_report,
    submit_report,
)
from lvzhi.opinions.services.reports import (
    MAX_ATTACHMENTS,
    add_attachment,
    can_attach,
    create_report,
    enter_report,
    file_of,
    remove_attachment,
    report_from_proposal,
    update_draft,
)
from lvzhi.opinions.services.submitters import (
    CAPACITIES_CACHE,
    Capacity,
    can_submit,
    capacities,
    forget_capacities,
)

__all__ = [
    "configure",
    "can_manage",
    "is_leader_for",
    "settings_for",
    "categories_for",
    "points_for",
    "points_tables",
    "save_settings",
    "set_points",
    "create_recipient",
    "set_recipient_active",
    "seed_default_recipients",
    "create_category",
    "seed_default_categories",
    "update_category",
    "update_recipient",
    "update_officer",
    "update_contact",
    "appoint_officer",
    "add_party_contact",
    "REPORT_FLOW",
    "ACTION_LABELS",
    "Capacity",
    "CAPACITIES_CACHE",
    "forget_capacities",
    "can_submit",
    "capacities",
    "TEXT_FIELDS",
    "clean_content",
    "length_warning",
    "create_report",
    "enter_report",
    "report_from_proposal",
    "MAX_ATTACHMENTS",
    "can_attach",
    "add_attachment",
    "remove_attachment",
    "file_of",
    "update_draft",
    "submit_report",
    "accept_report",
    "reject_report",
    "return_report",
    "edit_report",
    "combine_reports",
    "create_issue",
    "publish_report",
    "send_report",
    "forward_report",
    "record_instruction",
    "record_adoption",
    "record_handling",
    "give_feedback",
    "get_report",
    "visible_issues",
    "reads_all",
    "overdue_q",
    "parties_for",
]
