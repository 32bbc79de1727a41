"""Files follow their record: every kind of record that holds attachments is registered with the
download (`registry.FileHolder`), and on the demo data a user who is refused a record (404, or 403
where the module refuses the role first) is refused each of its files on every route that serves
them — core's /attachments/<id>/ with 404, the module's page and API routes as they refuse the
record — while those who see the record download them."""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile

from lvzhi.accounts.models import User
from lvzhi.core import registry
from lvzhi.core.models import Attachment
from lvzhi.org.tests.api_support import session_client

USERS = [
    "wuwei_staff",
    "pingliang_staff",
    "wuwei_leader",
    "wuwei_member",
    "wuwei_member2",
    "pingliang_member",
    "wuwei_unit",
]


def _proposal_routes(proposal_id, file_id):
    return (
        [f"/proposals/{proposal_id}/", f"/api/v1/proposals/{proposal_id}"],
        [f"/proposals/{proposal_id}/files/{file_id}/", f"/api/v1/proposals/{proposal_id}/attachments/{file_id}"],
    )


# For each holding record: (the record's own routes — page and API detail —, the module's routes
# serving the file). Core's /attachments/<id>/ is walked for every one.
ROUTES = {
    ("proposals.Proposal", "attachments"): lambda r, f: _proposal_routes(r.pk, f),
    ("proposals.Supervision", "attachments"): lambda r, f: _proposal_routes(r.proposal_id, f),
    ("proposals.Assignment", "reply_letter"): lambda r, f: _proposal_routes(r.proposal_id, f),
    ("activities.Speech", "attachment"): lambda r, f: (
        [f"/activities/{r.activity_id}/", f"/api/v1/activities/{r.activity_id}"],
        [],
    ),
    ("activities.Outcome", "attachment"): lambda r, f: ([f"/activities/outcomes/{r.pk}/"], []),
    ("opinions.OpinionReport", "attachments"): lambda r, f: (
        [f"/opinions/{r.pk}/", f"/api/v1/opinions/{r.pk}"],
        [f"/opinions/{r.pk}/files/{f}/", f"/api/v1/opinions/{r.pk}/attachments/{f}"],
    ),
    ("notices.Notice", "attachments"): lambda r, f: (
        [f"/notices/{r.pk}/", f"/api/v1/notices/{r.pk}"],
        [f"/notices/{r.pk}/attachments/{f}/"],
    ),
    ("learning.StudyMaterial", "attachment"): lambda r, f: (
        [f"/learning/{r.pk}/", f"/api/v1/study-materials/{r.pk}"],
        [f"/learning/{r.pk}/file/"],
    ),
    ("deliberation.Topic", "attachments"): lambda r, f: (
        [f"/deliberation/{r.pk}/", f"/api/v1/topics/{r.pk}"],
        [f"/deliberation/{r.pk}/files/{f}/"],
    ),
    # served only by their module's own routes (a material's read action records the reading):
    # core's download refuses every user
    ("meetings.Material", "attachment"): None,
    ("wenshi.Manuscript", "attachments"): None,
    ("wenshi.CollectionItem", "attachments"): None,
    ("directory.Profile", "photo"): lambda r, f: (
        [f"/directory/{r.member_id}/", f"/api/v1/directory/{r.member_id}"],
        [f"/directory/{r.member_id}/photo/"],
    ),
}

REFUSED = (403, 404)


def _holding_fields() -> set[tuple[str, str]]:
    return {
        (model._meta.label, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if getattr(f, "related_model", None) is Attachment and not f.auto_created
    }


def test_every_record_that_holds_files_says_who_may_open_them():
    registered = {(h.model, h.field) for h in registry.file_holders()}
    missing = _holding_fields() - registered
    assert not missing, f"each module registers a registry.FileHolder in its apps.py for {sorted(missing)}"
    assert not registered - set(ROUTES), "add the record's routes to ROUTES, so that the walk below covers it"


def _status(client, path) -> int:
    response = client.get(path)
    if response.streaming:  # read the file, which closes it (through the test client's wrapper)
        b"".join(response.streaming_content)
    return response.status_code


def _attach(record, field) -> Attachment:
    """A real file held by the record (a photo must be an image; others any allowed type)."""
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    attachment = Attachment(
        committee_id=record.committee_id, name="证据.png", content_type="image/png", size=len(png), sha256="0" * 64
    )
    attachment.file.save("walk.png", ContentFile(png), save=False)
    attachment.save()
    relation = record._meta.get_field(field)
    if relation.many_to_many:
        getattr(record, field).add(attachment)
    else:
        type(record)._default_manager.filter(pk=record.pk).update(**{field: attachment})
    return attachment


def _records(model, count=1):
    """A few records of the model: the first ones, and drafts where the model has them."""
    rows = list(model._default_manager.order_by("pk")[:count])
    if any(f.name == "state" for f in model._meta.fields):
        rows += list(model._default_manager.filter(state="draft").order_by("pk")[:count])
    return rows


@pytest.mark.django_db
def test_a_user_refused_a_record_is_refused_each_of_its_files(shared_demo):
    clients = {name: session_client(User.objects.get(username=name)) for name in USERS}
    walked = served = refused = 0
    for holder in registry.file_holders():
        routes = ROUTES[(holder.model, holder.field)]
        records = _records(holder.model_class)
        assert records, f"the demo has no {holder.model} to walk"
        for record in records:
            attachment = _attach(record, holder.field)
            if routes is None:
                for client in clients.values():
                    assert _status(client, f"/attachments/{attachment.pk}/") == 404, holder.model
                continue
            record_routes, file_routes = routes(record, attachment.pk)
            for name, client in clients.items():
                walked += 1
                record_status = [_status(client, path) for path in record_routes]
                core = _status(client, f"/attachments/{attachment.pk}/")
                if any(status in REFUSED for status in record_status):
                    refused += 1
                    where = (holder.model, record.pk, name, record_status)
                    assert core == 404, where
                    for path in file_routes:
                        assert _status(client, path) in REFUSED, (path, where)
                elif core == 200:
                    served += 1
    # The walk saw both sides: files refused with their records, and files served to their readers.
    assert walked and refused and served


@pytest.mark.django_db
def test_a_file_no_record_holds_is_only_for_whoever_uploaded_it(personas):
    attachment = Attachment(
        committee=personas.wuwei, name="名单.xlsx", content_type="application/zip", size=4, sha256="0" * 64
    )
    attachment.uploaded_by = personas.staff
    attachment.file.save("list.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    attachment.save()
    assert _status(session_client(personas.staff), f"/attachments/{attachment.pk}/") == 200
    for other in (personas.pii_staff, personas.leader, personas.member, personas.other_staff):
        assert _status(session_client(other), f"/attachments/{attachment.pk}/") == 404
