"""Test factories of the drafts app: real rows through the service."""

from lvzhi.drafts import services


def make_draft(user, key="/opinions/new/#", text="未写完的一段话", path=None):
    return services.save_draft(actor=user, key=key, path=path or key.split("#")[0], fields={"body": text})
