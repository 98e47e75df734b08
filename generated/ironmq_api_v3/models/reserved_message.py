from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReservedMessage")


@_attrs_define
class ReservedMessage:
    """A message handed out by a reservation.

    Attributes:
        id (str): The message's id.
        body (str): The message's content.
        reserved_count (int): How many times the message has been reserved, this time included.
        reservation_id (str): Needed to delete, touch or release the message while the reservation lasts.
    """

    id: str
    body: str
    reserved_count: int
    reservation_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        body = self.body

        reserved_count = self.reserved_count

        reservation_id = self.reservation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "body": body,
                "reserved_count": reserved_count,
                "reservation_id": reservation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        body = d.pop("body")

        reserved_count = d.pop("reserved_count")

        reservation_id = d.pop("reservation_id")

        reserved_message = cls(
            id=id,
            body=body,
            reserved_count=reserved_count,
            reservation_id=reservation_id,
        )

        reserved_message.additional_properties = d
        return reserved_message

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
