"""django-ninja keys the OpenAPI components by class name: two modules' schemas with one name would
silently replace each other in the document. Every schema name must therefore be unique."""

from collections import defaultdict

import pydantic

from lvzhi.api import api


def _walk(model, seen, names):
    if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)) or model in seen:
        return
    seen.add(model)
    names[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    for field in model.model_fields.values():
        for sub in (field.annotation, *getattr(field.annotation, "__args__", ())):
            _walk(sub, seen, names)
            for inner in getattr(sub, "__args__", ()):
                _walk(inner, seen, names)


def test_no_two_api_schemas_share_a_name():
    names: dict[str, set[str]] = defaultdict(set)
    seen: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in (operation.response_models or {}).values():
                    _walk(model, seen, names)
                for model in operation.models:
                    _walk(model, seen, names)
    assert len(seen) > 20  # the walk really found the schemas
    assert {name: where for name, where in names.items() if len(where) > 1} == {}
