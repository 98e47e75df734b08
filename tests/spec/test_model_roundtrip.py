"""Every object schema of the spec round-trips through its generated attrs model.

Instances come from the spec itself (hypothesis-jsonschema), so a schema change that the
generated code does not follow, or a model that drops or alters a field, fails here.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from dateutil.parser import isoparse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from ironmq_api_v3 import models

from ._spec import load_spec, resolve

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.I)
SCHEMAS = load_spec()["components"]["schemas"]
OBJECT_SCHEMAS = sorted(name for name, schema in SCHEMAS.items() if schema.get("type") == "object")
ENUM_SCHEMAS = sorted(name for name, schema in SCHEMAS.items() if "enum" in schema)


def json_schema(name: str) -> dict[str, Any]:
    """The component schema with its references inlined, as plain JSON Schema."""
    schema: dict[str, Any] = resolve(SCHEMAS[name])
    return schema


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


def test_every_object_schema_has_a_model() -> None:
    """The generator made one model class per object schema."""
    assert len(OBJECT_SCHEMAS) > 30
    missing = [name for name in OBJECT_SCHEMAS if not hasattr(models, name)]
    assert not missing


@pytest.mark.parametrize("name", OBJECT_SCHEMAS)
def test_model_round_trips(name: str) -> None:
    """`Model.from_dict(doc).to_dict()` gives back `doc` for any valid instance of the schema."""
    model = getattr(models, name)

    @given(from_schema(json_schema(name)))
    def round_trip(document: dict[str, Any]) -> None:
        assert normalise(model.from_dict(document).to_dict()) == normalise(document)

    round_trip()


@pytest.mark.parametrize("name", ENUM_SCHEMAS)
def test_enum_values_are_accepted_and_others_rejected(name: str) -> None:
    """Enum schemas become Literal types with a checker that accepts exactly the spec's values."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    module = __import__(f"ironmq_api_v3.models.{snake}", fromlist=["_"])
    check = getattr(module, f"check_{snake}")
    for value in SCHEMAS[name]["enum"]:
        assert check(value) == value

    @given(st.text().filter(lambda text: text not in SCHEMAS[name]["enum"]))
    def rejected(value: str) -> None:
        with pytest.raises(TypeError):
            check(value)

    rejected()
