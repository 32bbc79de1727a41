"""Every record a page can create, edit or delete can be created, edited or deleted through the API.

The page routes are read from the URL resolver: every route whose name says it creates, edits,
deletes, adds, removes, imports or uploads (and the few other writing pages named below) must
appear in PAGE_TO_API with the API operation that does the same thing, and that operation must be
in the OpenAPI document. A module that adds such a page without its API operation fails here; one
whose page cannot write (a register without a create form answers 404) says why in NO_API.

Workflow steps (submit, assign, reply, check in…) are covered by the action tables and
test_parity.py; this test covers the records themselves."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lvzhi.core.tests.openapi import openapi_document

WRITES = re.compile(r"(^|_)(create|new|add|edit|update|delete|remove|import|upload)(_|$)")

# Writing pages whose names do not say so.
ALSO = {
    "admin:user_set_active",
    "admin:user_unlock",
    "admin:user_grants",
    "duties:targets_reset",
    "stats:summary_draft",
    "org:affiliation_end",
}

PAGE_TO_API: dict[str, list[str]] = {
    "accounts:token_create": ["POST /api/v1/auth/token"],
    "admin:user_create": ["POST /api/v1/users/"],
    "admin:user_set_active": ["PATCH /api/v1/users/{pk}"],
    "admin:user_unlock": ["POST /api/v1/users/{pk}/unlock"],
    "admin:user_remove_second_factor": ["POST /api/v1/users/{pk}/remove-second-factor"],
    "admin:user_grants": ["PUT /api/v1/users/{pk}/roles", "PUT /api/v1/users/{pk}/permissions"],
    "org:member_create": ["POST /api/v1/members/"],
    "org:affiliation_add": ["POST /api/v1/affiliations/"],
    "org:affiliation_end": ["POST /api/v1/affiliations/{id}/end"],
    "delivery:settings_edit": ["PUT /api/v1/me/delivery-settings"],
    "delivery:policy_edit": ["PUT /api/v1/delivery/policy"],
    "org:member_edit": ["PATCH /api/v1/members/{member_id}"],
    "org:member_import": ["POST /api/v1/member-imports/"],
    "org:member_import_review": ["POST /api/v1/member-imports/"],
    "org:membership_add": ["POST /api/v1/memberships/"],
    "org:membership_edit": ["PATCH /api/v1/memberships/{membership_id}"],
    "org:committee_create": ["POST /api/v1/committees/"],
    "org:committee_edit": ["PATCH /api/v1/committees/{committee_id}"],
    "org:term_create": ["POST /api/v1/terms/"],
    "org:term_edit": ["PATCH /api/v1/terms/{term_id}"],
    "org:session_create": ["POST /api/v1/sessions/"],
    "org:session_edit": ["PATCH /api/v1/sessions/{session_id}"],
    "org:sector_create": ["POST /api/v1/sectors/"],
    "org:sector_edit": ["PATCH /api/v1/sectors/{item_id}"],
    "org:special_committee_create": ["POST /api/v1/special-committees/"],
    "org:special_committee_edit": ["PATCH /api/v1/special-committees/{item_id}"],
    "org:party_create": ["POST /api/v1/parties/"],
    "org:party_edit": ["PATCH /api/v1/parties/{item_id}"],
    "org:branch_create": ["POST /api/v1/branches/"],
    "org:branch_edit": ["PATCH /api/v1/branches/{item_id}"],
    "org:studio_create": ["POST /api/v1/studios/"],
    "org:studio_edit": ["PATCH /api/v1/studios/{item_id}"],
    "org:unit_create": ["POST /api/v1/units/"],
    "org:unit_edit": ["PATCH /api/v1/units/{item_id}"],
    "proposals:rule_new": ["POST /api/v1/proposal-lists/{kind}/"],
    "proposals:rule_edit": ["PATCH /api/v1/proposal-lists/{kind}/{item_id}"],
    "proposals:create": ["POST /api/v1/proposals/"],
    "proposals:edit": ["PATCH /api/v1/proposals/{proposal_id}"],
    "activities:create": ["POST /api/v1/activities/"],
    "activities:edit": ["PATCH /api/v1/activities/{id}"],
    "activities:outcome_create": ["POST /api/v1/activities/{id}/outcomes/"],
    "activities:outcome_edit": ["PATCH /api/v1/activities/{id}/outcomes/{outcome_id}"],
    "activities:outcome_delete": ["DELETE /api/v1/activities/{id}/outcomes/{outcome_id}"],
    "activities:suggestion_add": ["POST /api/v1/activities/outcomes/{id}/suggestions/"],
    "activities:suggestion_edit": ["PATCH /api/v1/activities/suggestions/{id}"],
    "activities:suggestion_delete": ["DELETE /api/v1/activities/suggestions/{id}"],
    "activities:speech_create": ["POST /api/v1/activities/{id}/speeches/"],
    "activities:speech_edit": ["PATCH /api/v1/activities/{id}/speeches/{speech_id}"],
    "activities:speech_delete": ["DELETE /api/v1/activities/{id}/speeches/{speech_id}"],
    "opinions:create": ["POST /api/v1/opinions/"],
    "opinions:edit": ["PATCH /api/v1/opinions/{id}"],
    "opinions:issue_create": ["POST /api/v1/opinion-issues/"],
    "opinions:add_recipient": ["POST /api/v1/opinion-recipients/"],
    "opinions:edit_recipient": ["PATCH /api/v1/opinion-recipients/{id}"],
    "opinions:add_category": ["POST /api/v1/opinion-categories/"],
    "opinions:edit_category": ["PATCH /api/v1/opinion-categories/{id}"],
    "opinions:add_officer": ["POST /api/v1/opinion-officers/"],
    "opinions:edit_officer": ["PATCH /api/v1/opinion-officers/{id}"],
    "opinions:add_contact": ["POST /api/v1/opinion-contacts/"],
    "opinions:edit_contact": ["PATCH /api/v1/opinion-contacts/{id}"],
    "notices:create": ["POST /api/v1/notices/"],
    "notices:edit": ["PATCH /api/v1/notices/{notice_id}"],
    "notices:attachment_upload": ["POST /api/v1/notices/{notice_id}/attachments"],
    "notices:attachment_remove": ["DELETE /api/v1/notices/{notice_id}/attachments/{attachment_id}"],
    "learning:create": ["POST /api/v1/study-materials/"],
    "learning:edit": ["PATCH /api/v1/study-materials/{pk}"],
    "learning:group_create": ["POST /api/v1/reading-groups/"],
    "deliberation:create": ["POST /api/v1/topics/"],
    "deliberation:edit": ["PATCH /api/v1/topics/{id}"],
    "deliberation:post_create": ["POST /api/v1/topics/{id}/posts"],
    "deliberation:post_edit": ["PATCH /api/v1/topics/{id}/posts/{post_id}"],
    "deliberation:post_delete": ["DELETE /api/v1/topics/{id}/posts/{post_id}"],
    "deliberation:file_remove": ["DELETE /api/v1/topics/{id}/files/{file_id}"],
    "directory:profile_edit": ["PATCH /api/v1/me/profile"],
    "directory:photo_upload": ["POST /api/v1/me/profile/photo"],
    "directory:photo_remove": ["DELETE /api/v1/me/profile/photo"],
    "directory:request_create": ["POST /api/v1/profile-change-requests/"],
    "stats:summary_create": ["POST /api/v1/summary-templates/"],
    "stats:summary_draft": ["POST /api/v1/summary-drafts/"],
    "stats:summary_edit": ["PATCH /api/v1/summary-templates/{template_id}"],
    "stats:summary_delete": ["DELETE /api/v1/summary-templates/{template_id}"],
    "stats:regulation_create": ["POST /api/v1/regulations/"],
    "stats:regulation_edit": ["PATCH /api/v1/regulations/{regulation_id}"],
    "stats:revision_edit": ["PATCH /api/v1/regulations/{regulation_id}/versions/{revision_id}"],
    "stats:document_create": ["POST /api/v1/library/documents/"],
    "stats:document_edit": ["PATCH /api/v1/library/documents/{document_id}"],
    "wenshi:manuscript_create": ["POST /api/v1/wenshi/manuscripts/"],
    "wenshi:manuscript_edit": ["PATCH /api/v1/wenshi/manuscripts/{id}"],
    "wenshi:manuscript_file_add": ["POST /api/v1/wenshi/manuscripts/{id}/files"],
    "wenshi:plan_create": ["POST /api/v1/wenshi/plans/"],
    "wenshi:plan_edit": ["PATCH /api/v1/wenshi/plans/{id}"],
    "wenshi:call_create": ["POST /api/v1/wenshi/calls/"],
    "wenshi:call_edit": ["PATCH /api/v1/wenshi/calls/{id}"],
    "wenshi:series_create": ["POST /api/v1/wenshi/series/"],
    "wenshi:volume_create": ["POST /api/v1/wenshi/volumes/"],
    "wenshi:volume_entry_add": ["POST /api/v1/wenshi/volumes/{id}/entries"],
    "wenshi:volume_entry_remove": ["DELETE /api/v1/wenshi/volumes/{id}/entries/{entry_id}"],
    "wenshi:item_create": ["POST /api/v1/wenshi/items/"],
    "wenshi:item_edit": ["PATCH /api/v1/wenshi/items/{id}"],
    "wenshi:circulation_create": ["POST /api/v1/wenshi/circulations/"],
    "meetings:material_upload": ["POST /api/v1/meetings/{id}/materials"],
    "meetings:speech_create": ["POST /api/v1/plenary-speeches/"],
    "meetings:speaker_add": ["POST /api/v1/meetings/{id}/speakers"],
    "duties:target_create": ["POST /api/v1/duty-targets/"],
    "duties:target_edit": ["PATCH /api/v1/duty-targets/{pk}"],
    "duties:target_delete": ["DELETE /api/v1/duty-targets/{pk}"],
    "duties:targets_reset": ["POST /api/v1/duty-targets/reset"],
}

# The supervision registers share one set of page routes; each register's create and edit go to
# its own API path.
SUPERVISION = {
    "mediation": "mediation-cases",
    "clue": "litigation-clues",
    "post": "supervisor-posts",
    "visit": "investment-visits",
    "project": "investment-projects",
    "pair": "liaison-pairs",
    "support": "support-items",
    "partner": "partner-committees",
    "service": "service-items",
    "point": "demo-points",
}
for _key, _path in SUPERVISION.items():
    PAGE_TO_API[f"supervision:{_key}_create"] = [f"POST /api/v1/{_path}/"]
    PAGE_TO_API[f"supervision:{_key}_edit"] = [f"PATCH /api/v1/{_path}/{{pk}}"]

# The liaison registers likewise.
LIAISON = {
    "contact": "liaison/contacts",
    "assignment": "liaison/assignments",
    "engagement": "liaison/engagements",
    "hosted": "liaison/hosted-visits",
    "report": "liaison/party-reports",
}
for _key, _path in LIAISON.items():
    PAGE_TO_API[f"liaison:{_key}_create"] = [f"POST /api/v1/{_path}/"]
    PAGE_TO_API[f"liaison:{_key}_edit"] = [f"PATCH /api/v1/{_path}/{{pk}}"]
# The party-building registers likewise (their API under /api/v1/party/).
PARTY = {"member": "members", "meeting": "meetings", "talk": "talks", "pair": "pairs", "contact": "contacts"}
for _key, _path in PARTY.items():
    if _key != "contact":
        PAGE_TO_API[f"party:{_key}_create"] = [f"POST /api/v1/party/{_path}/"]
    PAGE_TO_API[f"party:{_key}_edit"] = [f"PATCH /api/v1/party/{_path}/{{pk}}"]

NO_API = {
    # A contact is recorded from its pair (POST /party/pairs/{pk}/contact); its create page answers 403.
    "party:contact_create": "recorded from its pair's page",
    # Enterprise problems are raised from a liaison pair (POST /liaison-pairs/{pk}/problem) and
    # change only through their workflow; the register's create and edit pages answer 404.
    "supervision:problem_create": "raised from a liaison pair",
    "supervision:problem_edit": "changed only by its workflow",
}


def _named_routes(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _named_routes(entry.url_patterns, inner or "")
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


@pytest.fixture(scope="module")
def operations():
    document = openapi_document()
    return {f"{method.upper()} {path}" for path, ops in document["paths"].items() for method in ops}


def writing_pages() -> set[str]:
    return {
        name
        for name in _named_routes(get_resolver().url_patterns)
        if ":" in name
        and not name.startswith("api:")
        and (WRITES.search(name.split(":", 1)[1]) or name in ALSO)
        and "template" not in name
    }


def test_every_writing_page_has_its_api_operation(operations):
    pages = writing_pages()
    assert len(pages) > 50, "the resolver walk found too few writing pages"
    unmapped = sorted(pages - PAGE_TO_API.keys() - NO_API.keys())
    assert not unmapped, "pages that create, edit or delete without an API operation: " + ", ".join(unmapped)
    missing = sorted(
        f"{page}: {op}" for page, ops in PAGE_TO_API.items() if page in pages for op in ops if op not in operations
    )
    assert not missing, "API operations named here but absent from the OpenAPI document:\n" + "\n".join(missing)


def test_the_table_names_no_page_that_is_gone():
    stale = sorted((PAGE_TO_API.keys() | NO_API.keys()) - writing_pages())
    assert not stale, "listed here but no longer a writing page: " + ", ".join(stale)
