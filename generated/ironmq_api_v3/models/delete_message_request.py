from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeleteMessageRequest")


@_attrs_define
class DeleteMessageRequest:
    """The reservation (and, to acknowledge a push, the subscriber) of a message to delete.

    Attributes:
        reservation_id (str | Unset): The message's current reservation; required when it is reserved.
        subscriber_name (str | Unset): With `reservation_id`, acknowledges a push that the subscriber answered with 202.
    """

    reservation_id: str | Unset = UNSET
    subscriber_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reservation_id = self.reservation_id

        subscriber_name = self.subscriber_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reservation_id is not UNSET:
            field_dict["reservation_id"] = reservation_id
        if subscriber_name is not UNSET:
            field_dict["subscriber_name"] = subscriber_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reservation_id = d.pop("reservation_id", UNSET)

        subscriber_name = d.pop("subscriber_name", UNSET)

        delete_message_request = cls(
            reservation_id=reservation_id,
            subscriber_name=subscriber_name,
        )

        delete_message_request.additional_properties = d
        return delete_message_request

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
