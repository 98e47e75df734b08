from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageDetail")


@_attrs_define
class MessageDetail:
    """A message fetched by id, with its status.

    Attributes:
        id (str): The message's id.
        body (str): The message's content.
        timeout (int | Unset): The message's reservation timeout in seconds.
        reserved_count (int | Unset): How many times the message has been taken.
        status (str | Unset): Where the message stands: `queued`, `delayed`, `reserved`, or `deleted` for a pushed
            message whose delivery is over (decision X10).
    """

    id: str
    body: str
    timeout: int | Unset = UNSET
    reserved_count: int | Unset = UNSET
    status: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        body = self.body

        timeout = self.timeout

        reserved_count = self.reserved_count

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "body": body,
            }
        )
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if reserved_count is not UNSET:
            field_dict["reserved_count"] = reserved_count
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        body = d.pop("body")

        timeout = d.pop("timeout", UNSET)

        reserved_count = d.pop("reserved_count", UNSET)

        status = d.pop("status", UNSET)

        message_detail = cls(
            id=id,
            body=body,
            timeout=timeout,
            reserved_count=reserved_count,
            status=status,
        )

        message_detail.additional_properties = d
        return message_detail

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
