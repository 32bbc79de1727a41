"""Every API operation has its own id, named after its app and function however the app's API is split
into files (generated clients keep their method names)."""

from collections import Counter

from lvzhi.core.tests.openapi import openapi_document


def operation_ids():
    document = openapi_document()
    return [op["operationId"] for item in document["paths"].values() for op in item.values() if "operationId" in op]


def test_no_two_operations_share_an_id():
    ids = operation_ids()
    assert ids and [i for i, n in Counter(ids).items() if n > 1] == []


def test_an_operation_id_names_the_app_not_the_file_it_lives_in():
    ids = set(operation_ids())
    assert "lvzhi_activities_api_list_activities" in ids  # lives in lvzhi/activities/api/activities.py
    assert not any(i.startswith("lvzhi_activities_api_activities_") for i in ids)
