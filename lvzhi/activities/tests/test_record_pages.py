"""Speeches and outcomes are edited and deleted on their pages too, through the same services as the
API; an outcome's page shows the forms of its action table."""

from lvzhi.activities.models import Outcome, Speech
from lvzhi.core.models import AuditEntry


def test_staff_edit_and_delete_a_speech_on_its_page(world, client):
    world.invite_all()
    speech = world.speech()
    client.force_login(world.staff)
    detail = client.get(f"/activities/{world.activity.pk}/").content.decode()
    assert f"/activities/speeches/{speech.pk}/edit/" in detail
    assert client.get(f"/activities/speeches/{speech.pk}/edit/").status_code == 200
    form = {"member": world.person2.pk, "title": "修改后的发言", "mode": "written", "text": "全文"}
    assert client.post(f"/activities/speeches/{speech.pk}/edit/", form).status_code == 302
    speech.refresh_from_db()
    assert (speech.member_id, speech.title, speech.mode) == (world.person2.pk, "修改后的发言", "written")
    assert client.post(f"/activities/speeches/{speech.pk}/edit/", {**form, "title": ""}).status_code == 200
    assert Speech.objects.get(pk=speech.pk).title == "修改后的发言"
    assert client.post(f"/activities/speeches/{speech.pk}/delete/").status_code == 302
    assert not Speech.objects.exists()
    assert AuditEntry.objects.filter(action="speech.delete").count() == 1


def test_staff_edit_and_delete_an_outcome_on_its_page(world, client):
    world.invite_all()
    outcome = world.outcome()
    client.force_login(world.staff)
    page = client.get(f"/activities/outcomes/{outcome.pk}/").content.decode()
    assert 'data-testid="outcome-send"' in page and 'data-testid="outcome-act"' not in page
    assert 'data-testid="delete-outcome"' in page
    form = {"title": "修改后的成果", "kind": "consultation", "authors": [world.person.pk]}
    assert client.post(f"/activities/outcomes/{outcome.pk}/edit/", form).status_code == 302
    outcome = Outcome.objects.get(pk=outcome.pk)
    assert outcome.title == "修改后的成果"
    assert list(outcome.authors.values_list("pk", flat=True)) == [world.person.pk]
    client.post(f"/activities/outcomes/{outcome.pk}/send/", {"sent_to": "市委办公室"})
    page = client.get(f"/activities/outcomes/{outcome.pk}/").content.decode()
    assert 'data-testid="outcome-act"' in page and 'data-testid="delete-outcome"' not in page
    assert client.post(f"/activities/outcomes/{outcome.pk}/delete/").status_code == 302
    assert Outcome.objects.filter(pk=outcome.pk).exists()  # a sent outcome stays on record
    draft = world.outcome(title="草稿")
    assert client.post(f"/activities/outcomes/{draft.pk}/delete/").status_code == 302
    assert not Outcome.objects.filter(pk=draft.pk).exists()


def test_others_cannot_edit_or_delete_on_the_pages(world, client):
    world.invite_all()
    speech, outcome = world.speech(), world.outcome()
    urls = [
        f"/activities/speeches/{speech.pk}/edit/",
        f"/activities/speeches/{speech.pk}/delete/",
        f"/activities/outcomes/{outcome.pk}/edit/",
        f"/activities/outcomes/{outcome.pk}/delete/",
    ]
    for user, status in ((world.p.other_staff, 404), (world.p.leader, 403), (world.member, 403)):
        client.force_login(user)
        for url in urls:
            assert client.post(url, {"title": "x"}).status_code == status, (user, url)
    assert Speech.objects.get(pk=speech.pk).title == "关于防沙治沙的发言"
    assert Outcome.objects.filter(pk=outcome.pk).exists()
