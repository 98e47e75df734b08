"""Every object schema of both specs round-trips through its generated attrs model.

Instances come from the spec itself (hypothesis-jsonschema), so a schema change that the
generated code does not follow, or a model that drops or alters a field, fails here.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from dateutil.parser import isoparse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from ._spec import APIS, load_spec, package, resolve

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.I)


def schemas(api: str) -> dict[str, Any]:
    """The component schemas of that API's spec."""
    found: dict[str, Any] = load_spec(api)["components"]["schemas"]
    return found


OBJECT_SCHEMAS = [
    (api, name)
    for api in APIS
    for name, schema in sorted(schemas(api).items())
    if schema.get("type") == "object"
]
ENUM_SCHEMAS = [
    (api, name) for api in APIS for name, schema in sorted(schemas(api).items()) if "enum" in schema
]

OBJECT_IDS = [f"{api}-{name}" for api, name in OBJECT_SCHEMAS]
ENUM_IDS = [f"{api}-{name}" for api, name in ENUM_SCHEMAS]


def json_schema(api: str, name: str) -> dict[str, Any]:
    """The component schema with its references inlined, as plain JSON Schema."""
    schema: dict[str, Any] = resolve(schemas(api)[name], api)
    return schema


def models(api: str) -> Any:
    """The generated models package of that API."""
    return importlib.import_module(f"{package(api)}.models")


def normalise(value: Any) -> Any:
    """Date-times compared as instants: the model writes `+00:00` where the input had `Z`."""
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, str) and RFC3339.match(value):
        try:
            return isoparse(value)
        except ValueError:
            return value
    return value


@pytest.mark.parametrize("api", APIS)
def test_every_object_schema_has_a_model(api: str) -> None:
    """The generator made one model class per object schema."""
    names = [name for spec_api, name in OBJECT_SCHEMAS if spec_api == api]
    assert len(names) > 20
    missing = [name for name in names if not hasattr(models(api), name)]
    assert not missing


@pytest.mark.parametrize(
    ("api", "name"), OBJECT_SCHEMAS, ids=[f"{a}-{n}" for a, n in OBJECT_SCHEMAS]
)
def test_model_round_trips(api: str, name: str) -> None:
    """`Model.from_dict(doc).to_dict()` gives back `doc` for any valid instance of the schema."""
    model = getattr(models(api), name)

    # Pattern-constrained strings (subscriber URLs) make hypothesis-jsonschema filter a lot.
    @settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
    @given(from_schema(json_schema(api, name)))
    def round_trip(document: dict[str, Any]) -> None:
        assert normalise(model.from_dict(document).to_dict()) == normalise(document)

    round_trip()


@pytest.mark.parametrize(("api", "name"), ENUM_SCHEMAS, ids=ENUM_IDS)
def test_enum_values_are_accepted_and_others_rejected(api: str, name: str) -> None:
    """Enum schemas become Literal types with a checker that accepts exactly the spec's values."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    module = importlib.import_module(f"{package(api)}.models.{snake}")
    check = getattr(module, f"check_{snake}")
    allowed = schemas(api)[name]["enum"]
    for value in allowed:
        assert check(value) == value

    @given(st.text().filter(lambda text: text not in allowed))
    def rejected(value: str) -> None:
        with pytest.raises(TypeError):
            check(value)

    rejected()
