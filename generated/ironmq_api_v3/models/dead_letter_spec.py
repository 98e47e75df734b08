from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeadLetterSpec")


@_attrs_define
class DeadLetterSpec:
    """Dead-letter settings to set. `queue_name` is required unless one is configured; `""` removes the setting. Not
    allowed on push queues.

        Attributes:
            queue_name (str | Unset): Target queue, created as a pull queue if missing; `""` removes the setting.
            max_reservations (int | Unset): Reservations after which the next reserve moves the message (10 by default).
    """

    queue_name: str | Unset = UNSET
    max_reservations: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        queue_name = self.queue_name

        max_reservations = self.max_reservations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if queue_name is not UNSET:
            field_dict["queue_name"] = queue_name
        if max_reservations is not UNSET:
            field_dict["max_reservations"] = max_reservations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        queue_name = d.pop("queue_name", UNSET)

        max_reservations = d.pop("max_reservations", UNSET)

        dead_letter_spec = cls(
            queue_name=queue_name,
            max_reservations=max_reservations,
        )

        dead_letter_spec.additional_properties = d
        return dead_letter_spec

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
